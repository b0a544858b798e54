FROM golang:1.10
ONBUILD COPY . /go/src/app
ONBUILD RUN go-wrapper download
ONBUILD RUN go-wrapper install
onbuild WORKDIR /go/src/app
CMD ["go-wrapper", "run"]
