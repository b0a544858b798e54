FROM golang:alpine
ADD . /go/src/github.com/k-antonets/cryweb
WORKDIR /go/src/github.com/k-antonets/cryweb
RUN go build -o /app/cryweb . && cp -R templates /app && rm -rf /go/src
WORKDIR /app
CMD ["/app/cryweb"]
EXPOSE 8080
EXPOSE 8443
