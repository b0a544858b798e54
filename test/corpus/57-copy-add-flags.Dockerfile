FROM golang:1.22
ADD --chown=1000:1000 --chmod=755 https://example.com/tool.tar.gz /tmp/
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a /a
COPY --link --chmod=0644 config.yaml /etc/app/
COPY --from=golang:1.22 /usr/local/go/bin/go /usr/local/bin/go
ADD git@github.com:acme/private.git /src
WORKDIR /src
RUN go build -o /app
CMD ["/app"]
