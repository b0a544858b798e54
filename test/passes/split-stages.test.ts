/**
 * split-stages: one golang stage that builds with go build/install becomes a build stage and a
 * runtime stage carrying the binaries, the files the program reads and the runtime-only
 * instructions; every shape dockopt cannot see through is declined with a warning.
 */
import { test } from 'uvu';
import { GO_APP, passTests } from './pass-tester.js';

const GO_MOD = 'module example.com/app\n\ngo 1.22\n';
const SERVE = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';

/** A Gin shop that renders templates/ and serves assets/ at run time; docs/ and scripts/ are not read. */
const GIN_SHOP = {
  'go.mod': 'module github.com/acme/shop\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'go.sum': 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n',
  'main.go':
    'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.LoadHTMLGlob("templates/*.html")\n\tr.Static("/assets", "./assets")\n\tr.Run(":8080")\n}\n',
  'templates/index.html': '<h1>{{ .title }}</h1>\n',
  'assets/app.css': 'body { margin: 0 }\n',
  'docs/api.md': '# API\n',
  'scripts/seed.sql': 'INSERT INTO products (name) VALUES (\'mug\');\n',
  'README.md': '# shop\n',
};

const SPLIT = (carried = 'the binary', runtime = 'gcr.io/distroless/static-debian12:nonroot', build = 'build') =>
  `info split ${JSON.stringify({ build, runtime, carried })}`;
const DECLINED = (reason: string, advice: string, code: string) => `warning declined ${JSON.stringify({ reason, advice, code })}`;
const NOTE = (image: string, note: string) => `-:- info runtime-note ${JSON.stringify({ image, note })}`;
const SHELL_NOTE = NOTE('debian:bookworm-slim', 'the start command or HEALTHCHECK needs a shell, which distroless lacks');

passTests('split-stages', {
  valid: [
    {
      name: 'leaves an existing multi-stage build to the other passes (nothing to split)',
      dockerfile: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o /server .

FROM alpine:3.20
COPY --from=build /server /server
CMD ["/server"]
`,
    },
    {
      name: 'leaves a Python image alone without a finding (not Go)',
      files: { 'app.py': 'print("hi")\n', 'requirements.txt': 'flask==3.0.0\n' },
      dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'declines a build done by make: it cannot see what make builds',
      files: { ...GO_APP, Makefile: 'build:\n\tgo build -o bin/server .\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN make build\nCMD ["./bin/server"]\n',
      findings: [
        `4:1 ${DECLINED('the program is built by make (make build)', 'dockopt does not restructure builds it cannot see; build with go build in the Dockerfile to get the split.', 'make-build')}`,
      ],
    },
    {
      name: 'declines a build done by a script',
      files: { ...GO_APP, 'build.sh': '#!/bin/sh\nset -e\ngo build -o server .\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN ./build.sh\nCMD ["./server"]\n',
      findings: [`4:1 ${DECLINED('the program is built by a script (./build.sh)', 'Build with go build in the Dockerfile to get the split.', 'script-build')}`],
    },
    {
      name: 'declines a container that starts with go run (it needs the toolchain at every start)',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go mod download\nCMD ["go", "run", "main.go"]\n',
      findings: [
        `5:1 ${DECLINED('the container starts with "go run", which compiles at every start and needs the whole toolchain', 'Build a binary with go build and start it.', 'go-run-start')}`,
      ],
    },
    {
      name: 'declines a RUN go run during the build (its effects cannot be followed)',
      files: { ...GO_APP, 'tools/gen/main.go': 'package main\n\nfunc main() {}\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go run ./tools/gen\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: [`4:1 ${DECLINED('a RUN uses "go run", whose effects dockopt cannot follow', 'Split the stages by hand.', 'go-run-build')}`],
    },
    {
      name: 'declines a start command that runs a binary no go build writes (builds main, starts app)',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./app"]\n',
      findings: [
        `5:1 ${DECLINED('the start command does not run a binary that go build produces (./app /app/app not-built)', 'Check that CMD/ENTRYPOINT names the -o path.', 'unresolved-binary')}`,
      ],
    },
    {
      name: 'declines a go build whose -o is a variable with no value',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o $OUT .\nCMD ["./server"]\n',
      findings: [
        `4:1 ${DECLINED('where "go build -o $OUT ." puts its binary is not certain (unresolved-variable)', 'Build one package with an explicit -o path.', 'unresolved-binary')}`,
        `5:1 ${DECLINED('the start command does not run a binary that go build produces (./server /app/server not-built)', 'Check that CMD/ENTRYPOINT names the -o path.', 'unresolved-binary')}`,
      ],
    },
    {
      name: 'declines when a later RUN removes the built binary',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nRUN ./server -migrate && rm -f server\nCMD ["./server"]\n',
      findings: [
        `5:1 ${DECLINED('"rm -f server" removes, moves or overwrites files where a built binary lies, so the runtime stage could not copy it', 'Leave the binaries where go build writes them, or split the stages by hand.', 'binary-touched')}`,
      ],
    },
    {
      name: 'declines a Windows image',
      dockerfile: '# escape=`\nFROM golang:1.22-windowsservercore-ltsc2022\nWORKDIR C:\\app\nCOPY . .\nRUN go build -o server.exe .\nCMD ["server.exe"]\n',
      findings: [`2:1 ${DECLINED('the image is a Windows image', 'dockopt rewrites Linux images only.', 'windows-image')}`],
    },
    {
      name: 'declines a base image that is a build argument with no default',
      dockerfile: 'ARG GO_IMAGE\nFROM $GO_IMAGE\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: [`2:1 ${DECLINED('the base image is a build argument with no default ($GO_IMAGE GO_IMAGE 0)', 'Give the ARG a default so the image is known.', 'from-variable')}`],
    },
    {
      name: 'declines a builder image that builds but starts nothing (no CMD or ENTRYPOINT)',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /usr/local/bin/server .\n',
      findings: [
        `1:1 ${DECLINED('there is no CMD or ENTRYPOINT: this looks like a base or builder image', 'Nothing to split; add a start command if this image runs a program.', 'no-start')}`,
      ],
    },
    {
      name: 'declines a go build inside a heredoc RUN',
      dockerfile: '# syntax=docker/dockerfile:1\nFROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN <<EOF\ngo build -o server .\nEOF\nCMD ["./server"]\n',
      findings: [`5:1 ${DECLINED('the build runs inside a heredoc', 'Split the stages by hand.', 'opaque-build')}`],
    },
    {
      name: 'declines cgo that links a library whose runtime package it cannot name (libpq-dev)',
      dockerfile: 'FROM golang:1.22\nRUN apt-get update && apt-get install -y libpq-dev\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=1 go build -o server .\nCMD ["./server"]\n',
      findings: [
        `1:1 ${DECLINED('cgo links against libpq-dev, whose runtime library dockopt cannot name', 'Keep cgo and choose the runtime by hand, or set CGO_ENABLED=0 if the C code is optional.', 'cgo-unplaceable')}`,
      ],
    },
    {
      name: 'declines a shell start command that runs two built binaries',
      files: { 'go.mod': GO_MOD, 'cmd/api/main.go': SERVE, 'cmd/migrate/main.go': 'package main\n\nfunc main() {}\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /bin/api ./cmd/api && go build -o /bin/migrate ./cmd/migrate\nCMD /bin/migrate && /bin/api\n',
      findings: [`5:1 ${DECLINED('multiple start candidates (/bin/migrate, /bin/api)', 'Split the stages by hand.', 'multiple-start-candidates')}`],
    },
    {
      name: 'declines a start script that runs the binary (run.sh)',
      files: { ...GO_APP, 'run.sh': '#!/bin/sh\nexec ./server\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./run.sh"]\n',
      findings: [`5:1 ${DECLINED('script start (./run.sh)', 'Split the stages by hand.', 'script-start')}`],
    },
    {
      name: 'declines an entrypoint script that neither the context nor a COPY provides',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nENTRYPOINT ["/usr/local/bin/start.sh"]\nCMD ["./server"]\n',
      findings: [
        `5:1 ${DECLINED('the start script /usr/local/bin/start.sh comes neither from the build context nor from a COPY of its own', 'Split the stages by hand.', 'start-script-unplaced')}`,
      ],
    },
    {
      name: 'declines a COPY of run-time files with quoted words made under another WORKDIR',
      files: { ...GO_APP, 'config/app.yaml': 'port: 8080\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /etc/app\nCOPY "config/app.yaml" .\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      findings: [
        `3:1 ${DECLINED('a COPY of run-time files has quoted or escaped words dockopt cannot relocate', 'Split the stages by hand.', 'unreadable-copy')}`,
      ],
    },
  ],
  invalid: [
    {
      name: 'splits a naive whole-context build onto distroless/static and keeps the WORKDIR the start path is relative to',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go mod download\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go mod download
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
EXPOSE 8080
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'keeps an existing stage name (AS builder) and copies from it',
      dockerfile: 'FROM golang:1.22 AS builder\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS builder
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=builder /app/server /app/server
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT('the binary', 'gcr.io/distroless/static-debian12:nonroot', 'builder')}`],
    },
    {
      name: 'carries the templates and assets a Gin app reads, clones GIN_MODE and names what it leaves out',
      files: GIN_SHOP,
      dockerfile: 'FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN go build -o shop .\nENV GIN_MODE=release\nEXPOSE 8080\nCMD ["./shop"]\n',
      output: `FROM golang:1.21 AS build
WORKDIR /app
COPY . .
RUN go build -o shop .
ENV GIN_MODE=release

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/shop /app/shop
COPY --from=build /app/assets /app/assets
COPY --from=build /app/templates /app/templates
ENV GIN_MODE=release
EXPOSE 8080
CMD ["./shop"]
`,
      findings: [`1:1 ${SPLIT('the binary and run-time files (assets, templates)')}`, '-:- info left-out {"paths":"docs/, scripts/"}'],
    },
    {
      name: 'carries the paths listed in passes.split-stages.keep',
      files: GIN_SHOP,
      config: { passes: { 'split-stages': { keep: ['scripts/*.sql'] } } },
      dockerfile: 'FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN go build -o shop .\nEXPOSE 8080\nCMD ["./shop"]\n',
      output: `FROM golang:1.21 AS build
WORKDIR /app
COPY . .
RUN go build -o shop .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/shop /app/shop
COPY --from=build /app/assets /app/assets
COPY --from=build /app/scripts /app/scripts
COPY --from=build /app/templates /app/templates
EXPOSE 8080
CMD ["./shop"]
`,
      findings: [`1:1 ${SPLIT('the binary and run-time files (assets, scripts, templates)')}`, '-:- info left-out {"paths":"docs/"}'],
    },
    {
      name: 'carries the config directory named by a start command argument (-config configs/app.yml)',
      files: { ...GO_APP, 'configs/app.yml': 'port: 8080\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server", "-config", "configs/app.yml"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
COPY --from=build /app/configs /app/configs
CMD ["./server", "-config", "configs/app.yml"]
`,
      findings: [`1:1 ${SPLIT('the binary and run-time files (configs)')}`],
    },
    {
      name: 'reports a directory the source serves (http.Dir("./public")) that is not in the context, and copies nothing for it',
      files: {
        'go.mod': GO_MOD,
        'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.Handle("/", http.FileServer(http.Dir("./public")))\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
CMD ["./server"]
`,
      findings: ['-:- info runtime-file-missing {"file":"main.go","line":6,"pattern":"public","via":"http.Dir"}', `1:1 ${SPLIT()}`],
    },
    {
      name: 'splits the Docker docs template: no second download, comments move with EXPOSE and CMD',
      files: { ...GO_APP, 'go.sum': '' },
      dockerfile: `# syntax=docker/dockerfile:1

FROM golang:1.19

# Set destination for COPY
WORKDIR /app

# Download Go modules
COPY go.mod go.sum ./
RUN go mod download

COPY *.go ./

# Build
RUN CGO_ENABLED=0 GOOS=linux go build -o /docker-gs-ping

# Optional: document the port
EXPOSE 8080

# Run
CMD ["/docker-gs-ping"]
`,
      output: `# syntax=docker/dockerfile:1

FROM golang:1.19 AS build

# Set destination for COPY
WORKDIR /app

# Download Go modules
COPY go.mod go.sum ./
RUN go mod download

COPY *.go ./

# Build
RUN CGO_ENABLED=0 GOOS=linux go build -o /docker-gs-ping

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /docker-gs-ping /docker-gs-ping
# Optional: document the port
EXPOSE 8080
# Run
CMD ["/docker-gs-ping"]
`,
      findings: [`3:1 ${SPLIT()}`],
    },
    {
      name: 'converts a plain shell-form CMD to exec form for distroless (ADD . /go/src/app, go build main.go)',
      dockerfile: 'FROM golang:1.22\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN go build main.go\nCMD ./main -addr :9000\n',
      output: `FROM golang:1.22 AS build
ADD . /go/src/app
WORKDIR /go/src/app
RUN go build main.go

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /go/src/app
COPY --from=build /go/src/app/main /go/src/app/main
CMD ["./main", "-addr", ":9000"]
`,
      findings: ['5:1 info shell-form-converted {"keyword":"CMD"}', `1:1 ${SPLIT()}`],
    },
    {
      name: 'converts a plain shell-form ENTRYPOINT to exec form',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nENTRYPOINT ./server\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
ENTRYPOINT ["./server"]
`,
      findings: ['5:1 info shell-form-converted {"keyword":"ENTRYPOINT"}', `1:1 ${SPLIT()}`],
    },
    {
      name: 'keeps a shell-form CMD that expands $PORT and chooses debian-slim for its /bin/sh',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ./server -port $PORT\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM debian:bookworm-slim
WORKDIR /app
COPY --from=build /app/server /app/server
CMD ./server -port $PORT
`,
      findings: [`1:1 ${SPLIT('the binary', 'debian:bookworm-slim')}`, SHELL_NOTE],
    },
    {
      name: 'chooses distroless/base (glibc) when the source imports "C"',
      files: { ...GO_APP, 'answer.go': 'package main\n\n// int answer(void) { return 42; }\nimport "C"\n\nfunc answer() int { return int(C.answer()) }\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
CMD ["./server"]
`,
      findings: [
        `1:1 ${SPLIT('the binary', 'gcr.io/distroless/base-debian12:nonroot')}`,
        NOTE('gcr.io/distroless/base-debian12:nonroot', 'cgo is on, so the runtime has glibc (distroless/base)'),
      ],
    },
    {
      name: 'runs a musl cgo build (apk add build-base) on the builder\'s alpine version',
      dockerfile: 'FROM golang:1.21-alpine3.19\nRUN apk add --no-cache build-base\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.21-alpine3.19 AS build
RUN apk add --no-cache build-base
WORKDIR /app
COPY . .
RUN go build -o server .

FROM alpine:3.19
WORKDIR /app
COPY --from=build /app/server /app/server
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT('the binary', 'alpine:3.19')}`, NOTE('alpine:3.19', 'cgo is on and the build links against musl, so the runtime is alpine')],
    },
    {
      name: 'installs ca-certificates on an alpine runtime for a program that calls https, leaving git in the build',
      config: { runtime: 'alpine' },
      files: { 'go.mod': GO_MOD, 'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.Get("https://api.github.com")\n\thttp.ListenAndServe(":8080", nil)\n}\n' },
      dockerfile: 'FROM golang:1.22-alpine\nRUN apk add --no-cache git ca-certificates\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/notify .\nCMD ["notify"]\n',
      output: `FROM golang:1.22-alpine AS build
RUN apk add --no-cache git ca-certificates
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/notify .

FROM alpine:3.20
RUN apk add --no-cache ca-certificates
WORKDIR /src
COPY --from=build /usr/local/bin/notify /usr/local/bin/notify
CMD ["notify"]
`,
      findings: [`1:1 ${SPLIT('the binary', 'alpine:3.20')}`],
    },
    {
      name: 'copies zoneinfo into scratch and repeats ENV TZ for a program that loads a location',
      config: { runtime: 'scratch' },
      files: {
        'go.mod': GO_MOD,
        'main.go': 'package main\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nfunc main() {\n\ttime.LoadLocation("Europe/Paris")\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      },
      dockerfile: 'FROM golang:1.22\nENV TZ=Europe/Paris\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/server .\nCMD ["/app/server"]\n',
      output: `FROM golang:1.22 AS build
ENV TZ=Europe/Paris
WORKDIR /app
COPY . .
RUN go build -o /app/server .

FROM scratch
WORKDIR /app
COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo
COPY --from=build /app/server /app/server
ENV TZ=Europe/Paris
CMD ["/app/server"]
`,
      findings: [`1:1 ${SPLIT('the binary', 'scratch')}`],
    },
    {
      name: 'moves a go install binary started by bare name from /go/bin to /usr/local/bin, on the runtime PATH',
      files: { 'go.mod': GO_MOD, 'cmd/api/main.go': SERVE },
      dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/api\nCMD ["api"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go install ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /go/bin/api /usr/local/bin/api
CMD ["api"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'resolves go install ./... to every main package and carries both binaries',
      files: {
        'go.mod': 'module example.com/notes\n\ngo 1.22\n',
        'cmd/notes-server/main.go': SERVE,
        'cmd/notes-migrate/main.go': 'package main\n\nfunc main() {}\n',
        'internal/db/db.go': 'package db\n',
      },
      dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install ./...\nCMD ["notes-server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go install ./...

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /src
COPY --from=build /go/bin/notes-migrate /usr/local/bin/notes-migrate
COPY --from=build /go/bin/notes-server /usr/local/bin/notes-server
CMD ["notes-server"]
`,
      findings: [`1:1 ${SPLIT('2 binaries')}`],
    },
    {
      name: 'redeclares ARG VERSION with its default for a LABEL that moves to the runtime stage',
      dockerfile: 'FROM golang:1.22\nARG VERSION=dev\nWORKDIR /app\nCOPY . .\nRUN go build -ldflags "-X main.version=${VERSION}" -o server .\nLABEL org.opencontainers.image.version=${VERSION}\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
ARG VERSION=dev
WORKDIR /app
COPY . .
RUN go build -ldflags "-X main.version=\${VERSION}" -o server .

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
WORKDIR /app
COPY --from=build /app/server /app/server
LABEL org.opencontainers.image.version=\${VERSION}
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'moves EXPOSE written before the build, VOLUME and STOPSIGNAL; clones an ENV that mixes Go and run-time names',
      dockerfile: 'FROM golang:1.22\nEXPOSE 8080\nENV CGO_ENABLED=0 GIN_MODE=release\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nVOLUME /data\nSTOPSIGNAL SIGTERM\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
ENV CGO_ENABLED=0 GIN_MODE=release
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
EXPOSE 8080
ENV CGO_ENABLED=0 GIN_MODE=release
VOLUME /data
STOPSIGNAL SIGTERM
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'moves a numeric USER set after the last RUN to the runtime stage',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nUSER 1000:1000\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
USER 1000:1000
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'leaves a USER that the build RUNs depend on in the build stage',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nUSER 1000\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
USER 1000
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'repeats a COPY of non-Go files (config/) in the runtime stage',
      files: { ...GO_APP, 'config/app.yaml': 'port: 8080\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod ./\nCOPY *.go ./\nCOPY config/ ./config/\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY go.mod ./
COPY *.go ./
COPY config/ ./config/
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
COPY config/ ./config/
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT('the binary and 1 copied asset instruction')}`],
    },
    {
      name: 'makes the destination absolute for an asset COPY made under another WORKDIR',
      files: { ...GO_APP, 'config/app.yaml': 'port: 8080\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /etc/app\nCOPY config/ ./\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /etc/app
COPY config/ ./
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
COPY config/ /etc/app/
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT('the binary and 1 copied asset instruction')}`, '-:- info left-out {"paths":"config/"}'],
    },
    {
      name: 'moves an exec-form HEALTHCHECK that runs the binary itself and stays on distroless',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nHEALTHCHECK --interval=30s CMD ["./server", "-healthcheck"]\nEXPOSE 8080\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/static-debian12:nonroot
WORKDIR /app
COPY --from=build /app/server /app/server
HEALTHCHECK --interval=30s CMD ["./server", "-healthcheck"]
EXPOSE 8080
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT()}`],
    },
    {
      name: 'installs curl on debian-slim for a HEALTHCHECK that curls the server',
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nHEALTHCHECK CMD curl -fsS http://localhost:8080/healthz || exit 1\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/server /app/server
HEALTHCHECK CMD curl -fsS http://localhost:8080/healthz || exit 1
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT('the binary', 'debian:bookworm-slim')}`, SHELL_NOTE],
    },
    {
      name: 'carries an entrypoint script from the context next to the binary and gives it debian-slim\'s /bin/sh',
      files: { ...GO_APP, 'docker-entrypoint.sh': '#!/bin/sh\nset -e\nexec "$@"\n' },
      dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nENTRYPOINT ["./docker-entrypoint.sh"]\nCMD ["./server"]\n',
      output: `FROM golang:1.22 AS build
WORKDIR /app
COPY . .
RUN go build -o server .

FROM debian:bookworm-slim
WORKDIR /app
COPY --from=build /app/server /app/server
COPY --from=build /app/docker-entrypoint.sh /app/docker-entrypoint.sh
ENTRYPOINT ["./docker-entrypoint.sh"]
CMD ["./server"]
`,
      findings: [`1:1 ${SPLIT('the binary and run-time files (docker-entrypoint.sh)', 'debian:bookworm-slim')}`, SHELL_NOTE],
    },
    {
      name: 'keeps CRLF line endings in every line it adds',
      dockerfile: ['FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o server .', 'CMD ["./server"]', ''].join('\r\n'),
      output: [
        'FROM golang:1.22 AS build',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o server .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'WORKDIR /app',
        'COPY --from=build /app/server /app/server',
        'CMD ["./server"]',
        '',
      ].join('\r\n'),
      findings: [`1:1 ${SPLIT()}`],
    },
  ],
});

test.run();
