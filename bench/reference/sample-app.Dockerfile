# syntax=docker/dockerfile:1
# Reference peer for bench/images.ts: what `docker init` (Go template) would
# produce for /work/shared/tools/imagebench/sample-app, written by hand.
# Adapted to the imagebench sandbox (buildah 1.28, no registry, no network):
#   * final stage is debian:bookworm-slim instead of alpine:latest: there are no
#     Alpine images and no apk repositories here. bookworm-slim already has
#     tzdata; it has no CA bundle and RUN steps have no network (apt-get cannot
#     run), so the bundle is copied from the build stage instead of
#     `apk add ca-certificates tzdata`.
#   * `adduser --disabled-password ...` (busybox) becomes `useradd` (Debian).
#   * the go.mod bind mount uses an absolute target (/src/go.mod): buildah 1.28
#     rejects the relative `target=go.mod` that BuildKit resolves against WORKDIR;
#     the build step uses COPY instead of a bind mount of the context (see there).
#   * no go.sum bind mount: the app has no dependencies and no go.sum, and a
#     bind mount of a missing source fails the build.
#   * `COPY templates`: the app reads templates/ at run time; docker init does
#     not know that, and without it the container exits at start.
ARG GO_VERSION=1.21
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src

# Download dependencies as a separate step to take advantage of Docker's caching.
RUN --mount=type=cache,target=/go/pkg/mod/ \
    --mount=type=bind,source=go.mod,target=/src/go.mod \
    go mod download -x

ARG TARGETARCH

# Build the application. docker init bind-mounts the context here
# (--mount=type=bind,target=.); buildah 1.28 does not key its layer cache on
# bind-mounted content, so after a code change it reused the stale layer
# (12/12 cache hits, old binary). COPY gives the BuildKit behaviour: the
# step reruns when the source changes, with the same caches as docker init.
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod/ \
    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /bin/server .

FROM debian:bookworm-slim AS final

# CA bundle from the build stage (docker init: apk add ca-certificates tzdata).
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt

# Create a non-privileged user that the app will run under.
ARG UID=10001
RUN useradd --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --uid "${UID}" --user-group appuser
USER appuser

COPY --from=build /bin/server /bin/
COPY templates /bin/templates

EXPOSE 8080
ENTRYPOINT [ "/bin/server" ]
