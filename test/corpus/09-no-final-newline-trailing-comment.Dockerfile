FROM golang:1.22
COPY . /go/src/app
WORKDIR /go/src/app
RUN go install .
CMD ["app"]

# end of file, no newline after this comment