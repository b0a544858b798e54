# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<-EOT bash
	set -eu
	apt-get update
	apt-get install -y --no-install-recommends ca-certificates
	rm -rf /var/lib/apt/lists/*
	EOT
RUN <<EOF
echo "done" > /done
EOF
