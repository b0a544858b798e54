# syntax=docker/dockerfile:1.7
# escape=\

# The service image
FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/svc .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/svc /svc
ENTRYPOINT ["/svc"]
