/**
 * static-build: CGO_ENABLED=0 unless cgo is needed, cross-compilation from the build platform,
 * -trimpath and -ldflags="-s -w", on real build contexts. Every explicit setting wins.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { passTests, runCase, type InvalidCase } from './pass-tester.js';

const df = (...lines: string[]): string => `${lines.join('\n')}\n`;

const GIN_MAIN =
  'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/healthz", func(c *gin.Context) { c.String(200, "ok") })\n\tr.Run(":8080")\n}\n';

/** A Gin API at the context root. */
const GIN_API = {
  'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'go.sum': 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n',
  'main.go': GIN_MAIN,
};

/** The API with a store that calls into C itself. */
const CGO_API = { ...GIN_API, 'db/sqlite.go': 'package db\n\n// #cgo LDFLAGS: -lsqlite3\n// #include <sqlite3.h>\nimport "C"\n' };

const BUILD_PLATFORM = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build';

/** A build stage and a distroless runtime stage around `build` (the build stage's lines after WORKDIR/COPY). */
function twoStages(build: string, from = 'FROM golang:1.22 AS build', eol = '\n'): string {
  return [from, 'WORKDIR /app', 'COPY . .', build, '', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /server /server', 'CMD ["/server"]', ''].join(eol);
}

/** The naive single stage of the known `AS builder` regression, with cgo and -trimpath already chosen. */
const TUNED_SINGLE = (from: string) => df(from, 'WORKDIR /app', 'COPY . .', 'RUN CGO_ENABLED=0 go build -trimpath -o server .', 'EXPOSE 8080', 'CMD ["./server"]');
const TUNED_SPLIT = (stage: string) =>
  df(
    `FROM --platform=$BUILDPLATFORM golang:1.22 AS ${stage}`,
    'WORKDIR /app',
    'COPY . .',
    'ARG TARGETOS TARGETARCH',
    'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags="-s -w" -trimpath -o server .',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'WORKDIR /app',
    `COPY --from=${stage} /app/server /app/server`,
    'EXPOSE 8080',
    'CMD ["./server"]',
  );

/** Go before 1.13 or unknown: no -trimpath (the old toolchain would reject it), a finding says why. */
const OLD_TOOLCHAINS: [string, string, string[]][] = [
  ['FROM golang:1.10 AS build', '`golang:1.10` has Go 1.10', ['4:1 info cross-compile']],
  ['FROM golang:1.12.17-alpine3.11 AS build', '`golang:1.12.17-alpine3.11` has Go 1.12', ['4:1 info cross-compile']],
  ['FROM golang:1.10 AS base\nFROM base AS build', '`golang:1.10` has Go 1.10', ['5:1 info not-cross-compiled {"reason":"the build stage is built FROM stage base, whose platform would have to change too"}']],
  ['FROM ubuntu:18.04 AS build', 'the Go version of `ubuntu:18.04` is not known', ['4:1 info cross-compile']],
  [`FROM golang@sha256:${'a'.repeat(64)} AS build`, `the Go version of \`golang@sha256:${'a'.repeat(64)}\` is not known`, ['4:1 info cross-compile']],
];

/** Go 1.13 or later, or a floating tag: -trimpath is added. */
const CURRENT_TOOLCHAINS = ['golang:1.13', 'golang:alpine', 'golang', 'golang:1-bookworm', `docker.io/library/golang:1.22@sha256:${'b'.repeat(64)}`];

passTests('static-build', {
  valid: [
    {
      name: 'leaves an existing multi-stage build whose author set CGO_ENABLED and -trimpath exactly as written',
      dockerfile: twoStages('RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -o /server .'),
      files: GIN_API,
    },
    {
      name: 'leaves a Dockerfile that builds nothing with go (a make build) alone',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN make build', 'CMD ["./bin/server"]'),
      files: { ...GIN_API, Makefile: 'build:\n\tgo build -o bin/server .\n' },
    },
  ],
  invalid: [
    {
      name: 'makes a two-stage build static, cross-compiled from the build platform, trimmed and stripped',
      dockerfile: twoStages('RUN go build -o /server .'),
      files: GIN_API,
      output: twoStages('ARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .', BUILD_PLATFORM),
      findings: [
        '4:1 info cgo-disabled {"where":"inline","command":"go build -o /server ."}',
        '4:1 info trimpath {"command":"go build -o /server ."}',
        '4:1 info strip-symbols {"command":"go build -o /server ."}',
        '1:1 info cross-compile {"vars":"GOOS=$TARGETOS GOARCH=$TARGETARCH"}',
      ],
    },
    {
      name: 'makes a single-stage build static but does not cross-compile it (the image itself would get the build platform)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'EXPOSE 8080', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o main .', 'EXPOSE 8080', 'CMD ["./main"]'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols'],
    },
    {
      name: 'keeps an explicit GOARCH=arm (PATTERNS #7) and takes only the missing GOOS from TARGETOS',
      dockerfile: twoStages('RUN CGO_ENABLED=0 GOARCH=arm GOARM=7 go build -o /server .'),
      files: GIN_API,
      output: twoStages('ARG TARGETOS\nRUN CGO_ENABLED=0 GOARCH=arm GOARM=7 GOOS=$TARGETOS go build -trimpath -ldflags="-s -w" -o /server .', BUILD_PLATFORM),
      findings: ['4:1 info trimpath', '4:1 info strip-symbols', '1:1 info cross-compile {"vars":"GOOS=$TARGETOS"}'],
    },
    {
      name: 'keeps a GOOS set by ENV, adds only GOARCH, and does not declare an ARG TARGETARCH twice',
      dockerfile: twoStages('ARG TARGETARCH\nENV GOOS=linux\nRUN go build -o /server .'),
      files: GIN_API,
      output: twoStages('ARG TARGETARCH\nENV GOOS=linux\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .', BUILD_PLATFORM),
      findings: ['6:1 info cgo-disabled', '6:1 info trimpath', '6:1 info strip-symbols', '1:1 info cross-compile {"vars":"GOARCH=$TARGETARCH"}'],
    },
    {
      name: 'keeps CGO_ENABLED=1: no CGO_ENABLED=0, no cross-compilation, and a finding with the reason',
      dockerfile: twoStages('RUN CGO_ENABLED=1 go build -o /server .'),
      files: GIN_API,
      output: twoStages('RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /server .'),
      findings: ['4:1 info trimpath', '4:1 info strip-symbols', '4:1 info cgo-kept {"command":"CGO_ENABLED=1 go build -o /server .","reasons":"CGO_ENABLED=1 is set"}'],
    },
    {
      name: 'keeps cgo on when the source imports "C", and names the file as evidence',
      dockerfile: twoStages('RUN go build -o /server .'),
      files: CGO_API,
      output: twoStages('RUN go build -trimpath -ldflags="-s -w" -o /server .'),
      findings: ['4:1 info trimpath', '4:1 info strip-symbols', '4:1 info cgo-kept {"command":"go build -o /server .","reasons":"import \\"C\\" in db/sqlite.go"}'],
    },
    {
      name: 'keeps cgo on when the module requires a cgo driver (github.com/mattn/go-sqlite3)',
      dockerfile: twoStages('RUN go build -o /server .'),
      files: { ...GIN_API, 'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/mattn/go-sqlite3 v1.14.22\n)\n' },
      output: twoStages('RUN go build -trimpath -ldflags="-s -w" -o /server .'),
      findings: ['4:1 info trimpath', '4:1 info strip-symbols', '4:1 info cgo-kept {"command":"go build -o /server .","reasons":"requires github.com/mattn/go-sqlite3 (cgo)"}'],
    },
    {
      name: 'keeps cgo on when a C toolchain is installed on alpine (apk add build-base, PATTERNS #8)',
      dockerfile: df(
        'FROM golang:1.22-alpine AS build',
        'RUN apk add --no-cache build-base',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o /server .',
        '',
        'FROM alpine:3.20',
        'COPY --from=build /server /server',
        'CMD ["/server"]',
      ),
      files: GIN_API,
      output: df(
        'FROM golang:1.22-alpine AS build',
        'RUN apk add --no-cache build-base',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -trimpath -ldflags="-s -w" -o /server .',
        '',
        'FROM alpine:3.20',
        'COPY --from=build /server /server',
        'CMD ["/server"]',
      ),
      findings: ['5:1 info trimpath', '5:1 info strip-symbols', '5:1 info cgo-kept {"command":"go build -o /server .","reasons":"the build installs build-base"}'],
    },
    {
      name: 'adds no inline CGO_ENABLED=0 when ENV CGO_ENABLED=0 is set already',
      dockerfile: twoStages('ENV CGO_ENABLED=0\nRUN go build -o /server .'),
      files: GIN_API,
      output: twoStages('ENV CGO_ENABLED=0\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .', BUILD_PLATFORM),
      findings: ['5:1 info trimpath', '5:1 info strip-symbols', '1:1 info cross-compile'],
    },
    {
      name: 'keeps an existing -ldflags "-X main.version=${VERSION}" and adds no -s -w',
      dockerfile: twoStages('ARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags "-X main.version=${VERSION}" -o /server .'),
      files: GIN_API,
      output: twoStages(
        'ARG VERSION=dev\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags "-X main.version=${VERSION}" -o /server .',
        BUILD_PLATFORM,
      ),
      findings: ['5:1 info trimpath', '1:1 info cross-compile'],
    },
    {
      name: 'adds no -ldflags with stripSymbols: false',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      config: { stripSymbols: false },
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN CGO_ENABLED=0 go build -trimpath -o main .', 'CMD ["./main"]'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath'],
    },
    {
      name: 'adds no --platform=$BUILDPLATFORM and no TARGETOS/TARGETARCH with buildkit: false',
      dockerfile: twoStages('RUN go build -o /server .'),
      files: GIN_API,
      config: { buildkit: false },
      output: twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server .'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols'],
    },
    {
      name: 'does not cross-compile with platform: false',
      dockerfile: twoStages('RUN go build -o /server .'),
      files: GIN_API,
      config: { platform: false },
      output: twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server .'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols'],
    },
    {
      name: 'does not switch a FROM that pins another --platform, and says so',
      dockerfile: twoStages('RUN go build -o /server .', 'FROM --platform=linux/amd64 golang:1.22 AS build'),
      files: GIN_API,
      output: twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server .', 'FROM --platform=linux/amd64 golang:1.22 AS build'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols', '1:1 info not-cross-compiled {"reason":"its FROM already sets --platform=linux/amd64"}'],
    },
    {
      name: 'keeps CRLF on the edited lines and on the new ARG',
      dockerfile: twoStages('RUN go build -o /server .', 'FROM golang:1.22 AS build', '\r\n'),
      files: GIN_API,
      output: twoStages('ARG TARGETOS TARGETARCH\r\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .', BUILD_PLATFORM, '\r\n'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols', '1:1 info cross-compile'],
    },
    {
      name: 'keeps comments, continuations and other commands inside the build RUN byte for byte',
      dockerfile: twoStages('# build it\nRUN set -eux; \\\n    # the binary  \n    go build \\\n\t-o /server \\\n      . && \\\n    echo done'),
      files: GIN_API,
      output: twoStages(
        'ARG TARGETOS TARGETARCH\n# build it\nRUN set -eux; \\\n    # the binary  \n    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" \\\n\t-o /server \\\n      . && \\\n    echo done',
        BUILD_PLATFORM,
      ),
      findings: ['5:1 info cgo-disabled', '5:1 info trimpath', '5:1 info strip-symbols', '1:1 info cross-compile'],
    },
    {
      name: 'single-quotes the ldflags inside sh -c "…" so the outer double quotes stay closed',
      dockerfile: twoStages('RUN sh -c "go build -o /server ."'),
      files: GIN_API,
      output: twoStages(`ARG TARGETOS TARGETARCH\nRUN sh -c "CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags='-s -w' -o /server ."`, BUILD_PLATFORM),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols', '1:1 info cross-compile'],
    },
    {
      name: 'puts ENV CGO_ENABLED=0 before an exec-form RUN, adds the flags as JSON strings, and does not cross-compile it',
      dockerfile: twoStages('RUN ["go","build","-o","/server","."]'),
      files: GIN_API,
      output: twoStages('ENV CGO_ENABLED=0\nRUN ["go","build","-trimpath","-ldflags=-s -w","-o","/server","."]'),
      findings: [
        '4:1 info cgo-disabled {"where":"with an ENV before the RUN (its form takes no inline env)","command":"[\\"go\\",\\"build\\",\\"-o\\",\\"/server\\",\\".\\"]"}',
        '4:1 info trimpath',
        '4:1 info strip-symbols',
        '1:1 info not-cross-compiled {"reason":"`[\\"go\\",\\"build\\",\\"-o\\",\\"/server\\",\\".\\"]` cannot take inline GOOS/GOARCH (exec form or a command prefix)"}',
      ],
    },
    {
      name: 'keeps a versioned tool install native and unflagged while the project build is cross-compiled',
      dockerfile: twoStages('RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3 && swag init\nRUN go build -o /server .'),
      files: GIN_API,
      output: twoStages(
        'RUN CGO_ENABLED=0 go install github.com/swaggo/swag/cmd/swag@v1.16.3 && swag init\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
        BUILD_PLATFORM,
      ),
      findings: ['4:1 info cgo-disabled', '5:1 info cgo-disabled', '5:1 info trimpath', '5:1 info strip-symbols', '1:1 info cross-compile'],
    },
    {
      name: 'does not cross-compile when a later command runs the built binary during the build',
      dockerfile: twoStages('RUN go build -o /server . && /server --version'),
      files: GIN_API,
      output: twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server . && /server --version'),
      findings: [
        '4:1 info cgo-disabled',
        '4:1 info trimpath',
        '4:1 info strip-symbols',
        '1:1 info not-cross-compiled {"reason":"a later RUN runs the built binary /server, which cannot run on the build platform once cross-compiled"}',
      ],
    },
    {
      name: 'uses ENV instead of inline env after sudo, and does not cross-compile',
      dockerfile: twoStages('RUN sudo go build -o /server .'),
      files: GIN_API,
      output: twoStages('ENV CGO_ENABLED=0\nRUN sudo go build -trimpath -ldflags="-s -w" -o /server .'),
      findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols', '1:1 info not-cross-compiled'],
    },
    {
      name: 'does not cross-compile a go install, whose cross-compiled binary lands in a GOOS_GOARCH subdirectory',
      dockerfile: df(
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN go install .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /go/bin/orders /orders',
        'ENTRYPOINT ["/orders"]',
      ),
      files: GIN_API,
      output: df(
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go install -trimpath -ldflags="-s -w" .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /go/bin/orders /orders',
        'ENTRYPOINT ["/orders"]',
      ),
      findings: [
        '4:1 info cgo-disabled',
        '4:1 info trimpath',
        '4:1 info strip-symbols',
        '1:1 info not-cross-compiled {"reason":"`go install .` is a go install, which puts cross-compiled binaries in a GOOS_GOARCH subdirectory"}',
      ],
    },
    {
      name: 'does not cross-compile when the runtime copies a system binary (tini) from the build stage',
      dockerfile: df(
        'FROM golang:1.22-alpine AS build',
        'RUN apk add --no-cache tini',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /out/orders .',
        '',
        'FROM alpine:3.20',
        'COPY --from=build /sbin/tini /sbin/tini',
        'COPY --from=build /out/orders /usr/local/bin/orders',
        'ENTRYPOINT ["/sbin/tini", "--", "orders"]',
      ),
      files: GIN_API,
      output: df(
        'FROM golang:1.22-alpine AS build',
        'RUN apk add --no-cache tini',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/orders .',
        '',
        'FROM alpine:3.20',
        'COPY --from=build /sbin/tini /sbin/tini',
        'COPY --from=build /out/orders /usr/local/bin/orders',
        'ENTRYPOINT ["/sbin/tini", "--", "orders"]',
      ),
      findings: [
        '5:1 info cgo-disabled',
        '5:1 info trimpath',
        '5:1 info strip-symbols',
        '1:1 info not-cross-compiled {"reason":"stage 1 copies /sbin/tini from the build stage, which would come from the build platform"}',
      ],
    },
    ...OLD_TOOLCHAINS.map(([from, why, cross]): InvalidCase => {
      const line = from.split('\n').length + 3;
      const crossed = !cross[0]!.includes('not-cross-compiled');
      const fromLines = from.split('\n');
      const crossedFrom = [...fromLines.slice(0, -1), fromLines.at(-1)!.replace(/^FROM /, 'FROM --platform=$BUILDPLATFORM ')].join('\n');
      return {
        name: `adds no -trimpath on ${from.split('\n').at(-1)!.slice(5)}${fromLines.length > 1 ? ' built FROM golang:1.10' : ''}: ${why}`,
        dockerfile: twoStages('RUN go build -o /server .', from),
        files: GIN_API,
        output: crossed
          ? twoStages('ARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags="-s -w" -o /server .', crossedFrom)
          : twoStages('RUN CGO_ENABLED=0 go build -ldflags="-s -w" -o /server .', from),
        findings: [
          `${line}:1 info trimpath-unsupported {"command":"go build -o /server .","why":${JSON.stringify(why)}}`,
          `${line}:1 info cgo-disabled`,
          `${line}:1 info strip-symbols`,
          ...cross.map((f) => f.replace(/^\d+:/, `${fromLines.length}:`)),
        ],
      };
    }),
    ...CURRENT_TOOLCHAINS.map(
      (image): InvalidCase => ({
        name: `adds -trimpath on ${image} (Go 1.13 or later, or a floating tag)`,
        dockerfile: twoStages('RUN go build -o /server .', `FROM ${image} AS build`),
        files: GIN_API,
        output: twoStages(
          'ARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
          `FROM --platform=$BUILDPLATFORM ${image} AS build`,
        ),
        findings: ['4:1 info cgo-disabled', '4:1 info trimpath', '4:1 info strip-symbols', '1:1 info cross-compile'],
      }),
    ),
    {
      name: 'cross-compiles and strips the stage split-stages made of a single FROM golang:1.22 whose build already has CGO_ENABLED=0 and -trimpath',
      dockerfile: TUNED_SINGLE('FROM golang:1.22'),
      files: GIN_API,
      after: ['split-stages'],
      output: TUNED_SPLIT('build'),
      findings: ['4:1 info strip-symbols', '1:1 info cross-compile {"vars":"GOOS=$TARGETOS GOARCH=$TARGETARCH"}'],
    },
    {
      // Regression: the stage name the user chose made the split stage look like one the author
      // had tuned, so it got neither --platform/GOOS/GOARCH nor -ldflags.
      name: 'treats a split single stage written FROM golang:1.22 AS builder like one without a name',
      dockerfile: TUNED_SINGLE('FROM golang:1.22 AS builder'),
      files: GIN_API,
      after: ['split-stages'],
      output: TUNED_SPLIT('builder'),
      findings: ['4:1 info strip-symbols', '1:1 info cross-compile {"vars":"GOOS=$TARGETOS GOARCH=$TARGETARCH"}'],
    },
  ],
});

// What the harness does not compare: whether a finding is a fix, and the rendered prose.

test('static-build: every change on a two-stage build is an info finding that is fixed, with no unfilled placeholder', () => {
  const result = runCase('static-build', { name: 'two stages', dockerfile: twoStages('RUN go build -o /server .'), files: GIN_API });
  const own = result.findings.filter((f) => f.pass === 'static-build');
  assert.equal(own.map((f) => [f.code, f.severity, f.fixed]), [
    ['static-build/cgo-disabled', 'info', true],
    ['static-build/trimpath', 'info', true],
    ['static-build/strip-symbols', 'info', true],
    ['static-build/cross-compile', 'info', true],
  ]);
  assert.ok(own.every((f) => !/\{\{/.test(f.message)));
});

test('static-build: the findings say why in prose (cgo kept, ENV instead of inline, not cross-compiled, no -trimpath)', () => {
  const message = (dockerfile: string, code: string, files: Record<string, string> = GIN_API) =>
    runCase('static-build', { name: code, dockerfile, files }).findings.find((f) => f.code === `static-build/${code}`)?.message ?? '';
  assert.match(message(twoStages('RUN CGO_ENABLED=1 go build -o /server .'), 'cgo-kept'), /because CGO_ENABLED=1 is set/);
  assert.match(message(twoStages('RUN go build -o /server .'), 'cgo-kept', CGO_API), /import "C" in db\/sqlite\.go/);
  assert.match(message(twoStages('RUN ["go","build","-o","/server","."]'), 'cgo-disabled'), /with an ENV before the RUN/);
  assert.match(message(twoStages('RUN go build -o /server .', 'FROM --platform=linux/amd64 golang:1.22 AS build'), 'not-cross-compiled'), /--platform=linux\/amd64/);
  assert.match(message(twoStages('RUN go build -o /server . && /server --version'), 'not-cross-compiled'), /runs the built binary \/server/);
  assert.is(
    message(twoStages('RUN go build -o /server .', 'FROM golang:1.12.17-alpine3.11 AS build'), 'trimpath-unsupported'),
    'Did not add -trimpath to `go build -o /server .`: `golang:1.12.17-alpine3.11` has Go 1.12, and -trimpath needs Go 1.13 or later.',
  );
});

test.run();
