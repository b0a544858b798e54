from golang:1.22-alpine as build
workdir /src
copy go.mod go.sum ./
run go mod download
copy . .
run go build -o /app ./cmd/api

from alpine:3.19
copy --from=build /app /app
expose 8080
user 10001
cmd ["/app"]
