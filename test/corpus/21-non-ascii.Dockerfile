FROM golang:1.22
LABEL org.opencontainers.image.title="rolling 🚀 update" \
      org.opencontainers.image.authors="Zoë Ångström <zoe@example.com>"
WORKDIR /app
COPY . .
RUN go build -o server .
# health check uses an en dash by mistake
HEALTHCHECK --interval=5s CMD curl –fail http://localhost:8080/ || exit 1
CMD ["./server"]
