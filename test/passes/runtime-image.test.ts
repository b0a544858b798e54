/**
 * runtime-image: the final stage of a multi-stage Go build that still runs on golang:* but
 * only copies a binary from the build stage and starts it gets the runtime split-stages would
 * choose; a stage that may need the toolchain, a shell or packages keeps its base (finding "kept").
 */
import { test } from 'uvu';
import { GO_APP, passTests } from './pass-tester.js';

const GO_MOD = 'module example.com/app\n\ngo 1.22\n';
/** The build stage most cases share: a static build of the module at /app/server. */
const BUILDER = 'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app/server .\n\n';
/** A build stage plus a runtime stage on `from` whose body is `body`. */
const twoStages = (from: string, body = 'COPY --from=builder /app/server /server\nEXPOSE 8080\nCMD ["/server"]\n', builder = BUILDER) => `${builder}FROM ${from}\n${body}`;

const STATIC = 'gcr.io/distroless/static-debian12:nonroot';
const REPLACED = (line: number, old: string, image = STATIC) => `${line}:1 info replaced ${JSON.stringify({ old, image })}`;
const KEPT = (line: number, old: string, reason: string) => `${line}:1 info kept ${JSON.stringify({ old, reason })}`;

/** A client of an https API: the runtime needs CA certificates. */
const HTTPS_CLIENT = {
  'go.mod': GO_MOD,
  'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.Get("https://api.github.com")\n\thttp.ListenAndServe(":8080", nil)\n}\n',
};

passTests('runtime-image', {
  valid: [
    {
      name: 'leaves a runtime stage that is not golang (alpine:3.20)',
      dockerfile: twoStages('alpine:3.20'),
    },
    {
      name: 'leaves a single golang stage to split-stages',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    },
    {
      name: 'leaves a runtime stage that starts with go run (it needs the toolchain)',
      dockerfile: twoStages('golang:1.22', 'WORKDIR /app\nCOPY --from=builder /app /app\nCMD ["go", "run", "."]\n', 'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY . .\nRUN go mod download\n\n'),
    },
    {
      name: 'keeps golang for a runtime stage that RUNs commands (they may need the toolchain)',
      dockerfile: twoStages('golang:1.22', 'RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client\nCOPY --from=builder /app/server /server\nCMD ["/server"]\n'),
      findings: [KEPT(8, 'golang:1.22', 'it runs commands that may need the toolchain')],
    },
    {
      name: 'keeps golang for a runtime stage that ADDs a remote archive',
      dockerfile: twoStages('golang:1.22', 'COPY --from=builder /app/server /server\nADD https://github.com/acme/geo/releases/download/v1/geo.tar.gz /data/\nCMD ["/server"]\n'),
      findings: [KEPT(8, 'golang:1.22', 'it runs commands that may need the toolchain')],
    },
    {
      name: 'keeps golang for a runtime stage that copies files from the build context',
      files: { ...GO_APP, 'config.yml': 'port: 8080\n' },
      dockerfile: twoStages('golang:1.22', 'COPY --from=builder /app/server /server\nCOPY config.yml /etc/app/config.yml\nCMD ["/server"]\n'),
      findings: [KEPT(8, 'golang:1.22', 'it copies files from the build context whose needs dockopt does not check')],
    },
    {
      name: 'keeps golang for a start command that runs through sh -c',
      dockerfile: twoStages('golang:1.22', 'COPY --from=builder /app/server /server\nCMD ["sh", "-c", "/server -port $PORT"]\n'),
      findings: [KEPT(8, 'golang:1.22', 'its start command needs a shell or could not be resolved')],
    },
    {
      name: 'keeps golang for an entrypoint script',
      dockerfile: twoStages('golang:1.22', 'COPY --from=builder /app/server /server\nCOPY --from=builder /app/docker-entrypoint.sh /docker-entrypoint.sh\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["/server"]\n'),
      findings: [KEPT(8, 'golang:1.22', 'its start command needs a shell or could not be resolved')],
    },
    {
      name: 'keeps golang when cgo links a library whose runtime package dockopt cannot name (libpq-dev)',
      dockerfile: twoStages(
        'golang:1.22',
        undefined,
        'FROM golang:1.22 AS builder\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /app/server .\n\n',
      ),
      findings: [KEPT(7, 'golang:1.22', 'cgo links against libpq-dev, whose runtime library dockopt cannot name')],
    },
    {
      name: 'keeps golang when the configured scratch runtime would need CA certificates provisioned',
      config: { runtime: 'scratch' },
      files: HTTPS_CLIENT,
      dockerfile: twoStages('golang:1.22'),
      findings: [KEPT(8, 'golang:1.22', 'scratch would need packages installed')],
    },
    {
      name: 'keeps golang when a curl HEALTHCHECK would need curl installed on debian-slim',
      dockerfile: twoStages('golang:1.22', 'COPY --from=builder /app/server /server\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/healthz"]\nCMD ["/server"]\n'),
      findings: [KEPT(8, 'golang:1.22', 'debian:bookworm-slim would need packages installed')],
    },
  ],
  invalid: [
    {
      name: 'rebases a golang runtime stage that only copies the binary onto distroless/static',
      dockerfile: twoStages('golang:1.22'),
      output: twoStages(STATIC),
      findings: [REPLACED(8, 'golang:1.22')],
    },
    {
      name: 'rebases a golang:*-alpine runtime stage of a CGO_ENABLED=0 build onto distroless/static',
      dockerfile: twoStages('golang:1.22-alpine', undefined, BUILDER.replace('golang:1.22', 'golang:1.22-alpine')),
      output: twoStages(STATIC, undefined, BUILDER.replace('golang:1.22', 'golang:1.22-alpine')),
      findings: [REPLACED(8, 'golang:1.22-alpine')],
    },
    {
      name: 'keeps the stage name, --platform flag and lower-case keywords; replaces only the image',
      dockerfile: twoStages('--platform=$TARGETPLATFORM golang:1.22 AS runtime', 'copy --from=builder /app/server /server\ncmd ["/server"]\n').replace('FROM --platform', 'from --platform'),
      output: twoStages(`--platform=$TARGETPLATFORM ${STATIC} AS runtime`, 'copy --from=builder /app/server /server\ncmd ["/server"]\n').replace('FROM --platform', 'from --platform'),
      findings: [REPLACED(8, 'golang:1.22')],
    },
    {
      name: 'replaces a digest-pinned golang image',
      dockerfile: twoStages('golang@sha256:0f4ca1b0d9d4b4fa14e4a4e1bbb5c1b2d9a0f7f5a8a3f0d2c5c1e8f6e0b9a7d1'),
      output: twoStages(STATIC),
      findings: [REPLACED(8, 'golang@sha256:0f4ca1b0d9d4b4fa14e4a4e1bbb5c1b2d9a0f7f5a8a3f0d2c5c1e8f6e0b9a7d1')],
    },
    {
      name: 'replaces golang pulled through a registry mirror with a port (registry.example.com:5000/library/golang)',
      dockerfile: twoStages('registry.example.com:5000/library/golang:1.22'),
      output: twoStages(STATIC),
      findings: [REPLACED(8, 'registry.example.com:5000/library/golang:1.22')],
    },
    {
      name: 'replaces golang:${GO_VERSION} and names the version the ARG default gives',
      dockerfile: `ARG GO_VERSION=1.22\n${twoStages('golang:${GO_VERSION}', undefined, BUILDER.replace('golang:1.22', 'golang:${GO_VERSION}'))}`,
      output: `ARG GO_VERSION=1.22\n${twoStages(STATIC, undefined, BUILDER.replace('golang:1.22', 'golang:${GO_VERSION}'))}`,
      findings: [REPLACED(9, 'golang:1.22')],
    },
    {
      name: 'keeps WORKDIR, ENV, EXPOSE, USER, ENTRYPOINT and CMD and the templates copied from the build stage',
      dockerfile: twoStages(
        'golang:1.22',
        'WORKDIR /srv\nCOPY --from=builder /app/server ./server\nCOPY --from=builder /app/templates ./templates\nENV GIN_MODE=release\nEXPOSE 8080\nUSER 1000:1000\nENTRYPOINT ["./server"]\nCMD ["-addr", ":8080"]\n',
      ),
      output: twoStages(
        STATIC,
        'WORKDIR /srv\nCOPY --from=builder /app/server ./server\nCOPY --from=builder /app/templates ./templates\nENV GIN_MODE=release\nEXPOSE 8080\nUSER 1000:1000\nENTRYPOINT ["./server"]\nCMD ["-addr", ":8080"]\n',
      ),
      findings: [REPLACED(8, 'golang:1.22')],
    },
    {
      name: 'keeps an exec-form HEALTHCHECK that runs the binary itself (no shell needed)',
      dockerfile: twoStages('golang:1.22', 'COPY --from=builder /app/server /server\nHEALTHCHECK CMD ["/server", "-healthcheck"]\nCMD ["/server"]\n'),
      output: twoStages(STATIC, 'COPY --from=builder /app/server /server\nHEALTHCHECK CMD ["/server", "-healthcheck"]\nCMD ["/server"]\n'),
      findings: [REPLACED(8, 'golang:1.22')],
    },
    {
      name: 'rebases only the final stage of three (a test stage FROM builder stays)',
      dockerfile: twoStages('golang:1.22', undefined, `${BUILDER}FROM builder AS test\nRUN go test ./...\n\n`),
      output: twoStages(STATIC, undefined, `${BUILDER}FROM builder AS test\nRUN go test ./...\n\n`),
      findings: [REPLACED(11, 'golang:1.22')],
    },
    {
      name: 'chooses distroless/base (glibc) for a CGO_ENABLED=1 build',
      dockerfile: twoStages('golang:1.22', undefined, BUILDER.replace('CGO_ENABLED=0', 'CGO_ENABLED=1')),
      output: twoStages('gcr.io/distroless/base-debian12:nonroot', undefined, BUILDER.replace('CGO_ENABLED=0', 'CGO_ENABLED=1')),
      findings: [REPLACED(8, 'golang:1.22', 'gcr.io/distroless/base-debian12:nonroot')],
    },
    {
      name: 'chooses the builder\'s alpine for a musl cgo build (apk add build-base on golang:1.22-alpine3.19)',
      dockerfile: twoStages(
        'golang:1.22-alpine3.19',
        undefined,
        'FROM golang:1.22-alpine3.19 AS builder\nRUN apk add --no-cache build-base\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\n\n',
      ),
      output: twoStages('alpine:3.19', undefined, 'FROM golang:1.22-alpine3.19 AS builder\nRUN apk add --no-cache build-base\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\n\n'),
      findings: [REPLACED(7, 'golang:1.22-alpine3.19', 'alpine:3.19')],
    },
    {
      name: 'follows the configured runtime: alpine',
      config: { runtime: 'alpine' },
      dockerfile: twoStages('golang:1.22'),
      output: twoStages('alpine:3.20'),
      findings: [REPLACED(8, 'golang:1.22', 'alpine:3.20')],
    },
    {
      name: 'follows the configured runtime: debian',
      config: { runtime: 'debian' },
      dockerfile: twoStages('golang:1.22'),
      output: twoStages('debian:bookworm-slim'),
      findings: [REPLACED(8, 'golang:1.22', 'debian:bookworm-slim')],
    },
    {
      name: 'follows a configured image reference (cgr.dev/chainguard/static)',
      config: { runtime: 'cgr.dev/chainguard/static:latest' },
      dockerfile: twoStages('golang:1.22'),
      output: twoStages('cgr.dev/chainguard/static:latest'),
      findings: [REPLACED(8, 'golang:1.22', 'cgr.dev/chainguard/static:latest')],
    },
    {
      name: 'uses distroless/static, which has CA certificates, for a program that calls https',
      files: HTTPS_CLIENT,
      dockerfile: twoStages('golang:1.22'),
      output: twoStages(STATIC),
      findings: [REPLACED(8, 'golang:1.22')],
    },
    {
      name: 'relies on static-build having turned cgo off when the builder set nothing (the full pipeline order)',
      after: ['static-build'],
      dockerfile: twoStages('golang:1.22', undefined, BUILDER.replace('CGO_ENABLED=0 ', '')),
      output: twoStages(
        STATIC,
        undefined,
        'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\nWORKDIR /app\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /app/server .\n\n',
      ),
      findings: [REPLACED(8, 'golang:1.22')],
    },
  ],
});

test.run();
