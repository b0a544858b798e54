FROM golang:1.22-bookworm
WORKDIR /app
COPY . .
RUN go build -o /usr/local/bin/app ./...
CMD app
