FROM golang:1.22-bookworm
RUN set -eux; \
	apt-get update; \
	apt-get install -y --no-install-recommends \
		git \
		make \
		gcc libc6-dev \
	; \
	rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make build
CMD ["./bin/app"]
