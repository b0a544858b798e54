FROM golang:1.9
MAINTAINER Jane Doe <jane@example.com>
ADD . /go/src/github.com/jane/app
RUN go get github.com/jane/app/...
RUN go install github.com/jane/app
ENTRYPOINT /go/bin/app
EXPOSE 3000
