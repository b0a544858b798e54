FROM golang:1.22 AS build
    WORKDIR /src
    COPY . .
	RUN go build -o /app .
  # an indented section comment, detached by the blank line

  FROM alpine:3.19
  COPY --from=build /app /app
  CMD ["/app"]
