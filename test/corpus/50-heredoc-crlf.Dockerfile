# syntax=docker/dockerfile:1
FROM golang:1.22
WORKDIR /src
COPY <<EOF ./go.mod
module example.com/crlf

go 1.22
EOF
RUN <<EOT
go mod tidy
go build -o /bin/app .
EOT
CMD ["/bin/app"]
