FROM golang:1-alpine
RUN apk add --no-cache build-base sqlite-dev git ca-certificates tzdata
ENV CGO_ENABLED=1
WORKDIR /app
ADD . /app
RUN go build -tags "sqlite_omit_load_extension" -o /app/workflow main.go
EXPOSE 8080 9090
CMD ["/app/workflow"]
