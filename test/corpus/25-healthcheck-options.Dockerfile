FROM golang:1.22
WORKDIR /app
COPY . .
RUN go build -o /healthy .
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/healthy", "-check"]
CMD ["/healthy"]
