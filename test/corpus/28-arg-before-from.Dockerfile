ARG GO_VERSION=1.22
ARG ALPINE_VERSION=3.19

FROM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
ARG VERSION=dev
WORKDIR /src
COPY . .
RUN go build -ldflags "-s -w -X main.version=${VERSION}" -o /bin/app .

FROM alpine:${ALPINE_VERSION}
COPY --from=build /bin/app /bin/app
CMD ["/bin/app"]
