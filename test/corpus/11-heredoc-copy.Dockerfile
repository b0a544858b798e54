# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
WORKDIR /src
COPY <<EOF /src/go.mod
module example.com/listen

go 1.22
EOF
COPY <<EOF /src/main.go
package main

import "fmt"

func main() {
	fmt.Println("hello")
}
EOF
RUN go build -o /bin/listen .
CMD ["/bin/listen"]
