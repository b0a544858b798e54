FROM golang:1.21-alpine
# comment above WORKDIR
WORKDIR /src
COPY go.mod ./
RUN go mod download

COPY . .
RUN go build \
    -o /bin/server \
    ./cmd/server
CMD ["/bin/server"]
