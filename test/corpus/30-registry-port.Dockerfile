FROM docker.oa.com:8080/library/golang:latest
WORKDIR /go/src/helloworld
COPY . .
RUN go build -o helloworld
FROM localhost:5000/base/alpine:3.19
COPY --from=0 /go/src/helloworld/helloworld /usr/local/bin/
CMD ["helloworld"]
