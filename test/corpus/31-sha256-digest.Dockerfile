FROM golang:1.22@sha256:0f3b2d5c2b9e4e3f1a6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot@sha256:1111111111111111111111111111111111111111111111111111111111111111
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
