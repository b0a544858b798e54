FROM golang:1.10
WORKDIR WORKDIR /go/src/app
COPY . .
RUN go build -o /bin/thangmo ./cmd/thangmo && \
    go build -o /bin/worker ./cmd/worker
CMD ["/bin/thangmo"]
