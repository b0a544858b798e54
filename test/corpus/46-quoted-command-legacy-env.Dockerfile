FROM golang:1.16-alpine
ENV GOPATH /go
ENV GO111MODULE on
ENV  APP_HOME   /go/src/app
LABEL   version="1.0"   description="column aligned"
WORKDIR   $APP_HOME
COPY      .           .
RUN "go build -o app ."
RUN go vet ./... # not a comment: the shell sees it
EXPOSE 8080/tcp
CMD [ "./app" ]
