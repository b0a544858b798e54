FROM golang:alpine
WORKDIR /go/src/app
# a comment with CRLF
COPY . .RUN go get -d -v ./... && \
    go install -v ./...

CMD ["app"]
