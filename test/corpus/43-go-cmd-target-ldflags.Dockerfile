FROM golang:1.22-alpine
ARG VERSION=0.0.0
ARG COMMIT
RUN apk add --no-cache git make
WORKDIR /go/src/github.com/acme/svc
COPY . .
RUN CGO_ENABLED=0 GOOS=linux GOARCH=arm go build \
      -trimpath \
      -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /usr/local/bin/svc \
      ./cmd/svc
WORKDIR /go/src/github.com/acme/svc/cmd/svc
ENTRYPOINT ["svc"]
CMD ["serve", "--config", "configs/config.yml"]
