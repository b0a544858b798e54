# syntax=docker/dockerfile:1
ARG GO=1.22
from --platform=$BUILDPLATFORM golang:${GO} as Build
    # install deps
RUN apk add git \
    # comment in continuation
    make
COPY <<EOF /etc/motd
Welcome – 🐳
EOF

FROM alpine
COPY --from=Build /go/bin/ /usr/local/bin/
CMD ["sh"]