/**
 * dependency-cache: go.mod/go.sum and `go mod download` in a layer before the source copy, and
 * BuildKit cache mounts for the module and build caches, on real build contexts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../helpers.js';
import { GO_APP, passTests, runCase, type PassCase } from './pass-tester.js';

const df = (...lines: string[]): string => `${lines.join('\n')}\n`;

const GO_SUM = 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n';
const GIN_MAIN =
  'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/healthz", func(c *gin.Context) { c.String(200, "ok") })\n\tr.Run(":8080")\n}\n';

/** A Gin API with go.mod and go.sum at the context root: the usual module. */
const GIN_API = {
  'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'go.sum': GO_SUM,
  'main.go': GIN_MAIN,
};

/** The same API with its entry point under cmd/server. */
const GIN_CMD = { 'go.mod': GIN_API['go.mod'], 'go.sum': GO_SUM, 'cmd/server/main.go': GIN_MAIN };

/** Docker's Go guide, which already downloads before copying *.go (PATTERNS P2). */
const DOCS_TEMPLATE = fs.readFileSync(path.join(ROOT, 'test/corpus/02-docs-template-go.Dockerfile'), 'utf8');

/** The three lines every split inserts: go.mod/go.sum, the download with the module cache. */
const DOWNLOAD = ['COPY go.mod go.sum ./', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download'];
const BOTH_CACHES = 'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build';

passTests('dependency-cache', {
  valid: [
    {
      name: 'leaves a build that already mounts a cache as its author wrote it',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY go.mod ./', 'RUN go mod download', 'COPY *.go ./', 'RUN --mount=type=cache,target=/go/pkg/mod go build -o /server .', 'CMD ["/server"]'),
      files: GO_APP,
    },
    {
      name: 'keeps a late download that an ENV set after the source copy may change',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'ENV GOPRIVATE=github.com/acme', 'RUN go mod download', 'RUN go build -o /server .', 'CMD ["/server"]'),
      files: GIN_API,
      findings: [
        '5:1 info late-download-kept {"command":"go mod download","copy":"COPY . .","reason":"the ENV between them may change what it downloads"}',
      ],
    },
    {
      name: 'keeps a late download whose RUN also tidies the module (one RUN is not split)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go mod tidy && go mod download', 'RUN go build -o /server .', 'CMD ["/server"]'),
      files: GIN_API,
      findings: [
        '4:1 info late-download-kept {"command":"go mod tidy && go mod download","copy":"COPY . .","reason":"the same RUN runs other commands too"}',
      ],
    },
    {
      name: 'keeps a late download that runs above the module directory the source was copied into',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /go/src', 'COPY . ./orders', 'RUN go mod download', 'WORKDIR /go/src/orders', 'RUN go build -o /orders .', 'CMD ["/orders"]'),
      files: GIN_API,
      findings: [
        '4:1 info late-download-kept {"command":"go mod download","copy":"COPY . ./orders","reason":"it runs in /go/src, not in the module directory /go/src/orders"}',
      ],
    },
    {
      name: 'does not split go mod download && go build in one RUN, and says how to',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go mod download && go build -o /server .', 'CMD ["/server"]'),
      files: GIN_API,
      findings: ['4:1 info download-in-build-run {"command":"go mod download && go build -o /server .","copy":"COPY . ."}'],
    },
    {
      name: 'adds no download when a replace points outside the context, and warns why',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/app .', 'CMD ["/bin/app"]'),
      files: {
        'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nrequire github.com/acme/lib v0.0.0\n\nreplace github.com/acme/lib => ../lib\n',
        'main.go': GIN_MAIN,
      },
      findings: ['3:1 warning replace-outside-context {"file":"go.mod","directive":"replace github.com/acme/lib => ../lib"}'],
    },
    {
      name: 'adds no download when a go.work member lies outside the context, and warns why',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/app .', 'CMD ["/bin/app"]'),
      files: { ...GO_APP, 'go.work': 'go 1.22\n\nuse (\n\t.\n\t../lib\n)\n' },
      findings: ['3:1 warning replace-outside-context {"file":"go.work","directive":"use"}'],
    },
    {
      name: 'leaves the bind-mount split of an already optimal multi-stage file unchanged',
      dockerfile: df(
        '# syntax=docker/dockerfile:1',
        'FROM golang:1.22 AS build',
        'WORKDIR /src',
        'RUN --mount=type=cache,target=/go/pkg/mod \\',
        '    --mount=type=bind,source=go.sum,target=go.sum \\',
        '    --mount=type=bind,source=go.mod,target=go.mod \\',
        '    go mod download -x',
        'COPY . .',
        'RUN --mount=type=cache,target=/go/pkg/mod \\',
        '    CGO_ENABLED=0 go build -o /bin/server .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /bin/server /bin/server',
        'ENTRYPOINT ["/bin/server"]',
      ),
      files: GIN_API,
    },
    {
      name: 'leaves a build stage alone when the stage it is built FROM downloads the modules',
      dockerfile: df(
        'FROM golang:1.22-alpine AS deps',
        'WORKDIR /src',
        'COPY go.mod go.sum ./',
        'RUN go mod download',
        '',
        'FROM deps AS build',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/server .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /out/server /server',
        'ENTRYPOINT ["/server"]',
      ),
      files: GIN_API,
    },
    {
      name: 'leaves a module below the context root alone (the build does not run in a root module)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN cd svc && go build -o /app .', 'CMD ["/app"]'),
      files: { 'svc/go.mod': 'module github.com/acme/svc\n\ngo 1.22\n', 'svc/main.go': GO_APP['main.go']! },
    },
  ],
  invalid: [
    {
      name: 'splits the naive whole-context build (P1): go.mod/go.sum and the download before COPY . ., both caches on the build',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'EXPOSE 8080', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'WORKDIR /app', ...DOWNLOAD, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'EXPOSE 8080', 'CMD ["./main"]'),
      findings: [
        '3:1 info download-added {"files":"go.mod, go.sum","download":"RUN --mount=type=cache,target=/go/pkg/mod go mod download","copy":"COPY . ."}',
        '4:1 info cache-mounts {"targets":"/go/pkg/mod and /root/.cache/go-build","command":"RUN go build -o main ."}',
      ],
    },
    {
      name: 'gives the docs template that already downloads first (P2) no second download, only the build cache',
      dockerfile: DOCS_TEMPLATE,
      files: GIN_API,
      output: DOCS_TEMPLATE.replace(/^RUN (.*go build)/m, 'RUN --mount=type=cache,target=/root/.cache/go-build $1'),
      findings: ['17:1 info cache-mounts {"targets":"/root/.cache/go-build","command":"RUN CGO_ENABLED=0 GOOS=linux go build -o /docker-gs-ping"}'],
    },
    {
      name: 'moves a late go mod download before the source copy with its comment, instead of adding a second one (P3)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', '# fetch dependencies', 'RUN go mod download', 'RUN go build -o /server .', 'CMD ["/server"]'),
      files: GIN_API,
      output: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        'COPY go.mod go.sum ./',
        '# fetch dependencies',
        'RUN go mod download',
        'COPY . .',
        'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /server .',
        'CMD ["/server"]',
      ),
      findings: [
        '5:1 info download-moved {"download":"RUN go mod download","copy":"COPY . .","files":"go.mod, go.sum"}',
        '6:1 info cache-mounts {"targets":"/root/.cache/go-build","command":"RUN go build -o /server ."}',
      ],
    },
    {
      name: 'moves a late download with its own flags and mount, does not copy go.mod twice, and mounts the module cache it fills on the build',
      dockerfile: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        'COPY go.mod go.sum ./',
        'COPY . .',
        'RUN --mount=type=cache,target=/go/pkg/mod go mod download -x',
        'RUN go build -o /server .',
        'CMD ["/server"]',
      ),
      files: GIN_API,
      output: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        'COPY go.mod go.sum ./',
        'RUN --mount=type=cache,target=/go/pkg/mod go mod download -x',
        'COPY . .',
        `${BOTH_CACHES} go build -o /server .`,
        'CMD ["/server"]',
      ),
      findings: [
        '5:1 info download-moved',
        '6:1 info cache-mounts {"targets":"/go/pkg/mod and /root/.cache/go-build","command":"RUN go build -o /server ."}',
      ],
    },
    {
      name: 'copies only go.mod when the context has no go.sum (a module without dependencies)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GO_APP,
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY go.mod ./', DOWNLOAD[1]!, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['3:1 info download-added {"files":"go.mod","download":"RUN --mount=type=cache,target=/go/pkg/mod go mod download","copy":"COPY . ."}', '4:1 info cache-mounts'],
    },
    {
      name: 'does not copy a go.sum that .dockerignore leaves out (the source copy does not have it either)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: { ...GIN_API, '.dockerignore': '.git\ngo.sum\n' },
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY go.mod ./', DOWNLOAD[1]!, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['3:1 info download-added {"files":"go.mod","download":"RUN --mount=type=cache,target=/go/pkg/mod go mod download","copy":"COPY . ."}', '4:1 info cache-mounts'],
    },
    {
      name: 'adds no download for vendored modules (vendor/modules.txt), only the build cache',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: { ...GIN_API, 'vendor/modules.txt': '# github.com/gin-gonic/gin v1.9.1\n## explicit; go 1.20\ngithub.com/gin-gonic/gin\n' },
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o main .', 'CMD ["./main"]'),
      findings: ['3:1 info vendored {"evidence":"vendor/modules.txt"}', '4:1 info cache-mounts {"targets":"/root/.cache/go-build","command":"RUN go build -o main ."}'],
    },
    {
      name: 'adds no download for a build with -mod=vendor, and names that flag as the evidence',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -mod=vendor -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o main .', 'CMD ["./main"]'),
      findings: ['3:1 info vendored {"evidence":"-mod=vendor"}', '4:1 info cache-mounts'],
    },
    {
      name: 'copies the go.mod and go.sum of a local replace target inside the context at the same relative path',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/app .', 'CMD ["/bin/app"]'),
      files: {
        'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nrequire github.com/acme/shared v0.0.0\n\nreplace github.com/acme/shared => ./shared\n',
        'go.sum': GO_SUM,
        'main.go': GIN_MAIN,
        'shared/go.mod': 'module github.com/acme/shared\n\ngo 1.22\n',
        'shared/go.sum': GO_SUM,
        'shared/shared.go': 'package shared\n',
      },
      output: df(
        'FROM golang:1.22',
        'WORKDIR /src',
        'COPY go.mod go.sum ./',
        'COPY shared/go.mod shared/go.sum ./shared/',
        DOWNLOAD[1]!,
        'COPY . .',
        `${BOTH_CACHES} go build -o /bin/app .`,
        'CMD ["/bin/app"]',
      ),
      findings: ['3:1 info download-added {"files":"go.mod, go.sum, shared/go.mod, shared/go.sum","download":"RUN --mount=type=cache,target=/go/pkg/mod go mod download","copy":"COPY . ."}', '4:1 info cache-mounts'],
    },
    {
      name: 'copies go.work, go.work.sum and every workspace member\'s go.mod (and go.sum where it exists)',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/api ./api', 'CMD ["/bin/api"]'),
      files: {
        'go.work': 'go 1.22\n\nuse (\n\t./api\n\t./shared\n)\n',
        'go.work.sum': GO_SUM,
        'api/go.mod': 'module github.com/acme/api\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
        'api/go.sum': GO_SUM,
        'api/main.go': GIN_MAIN,
        'shared/go.mod': 'module github.com/acme/shared\n\ngo 1.22\n',
        'shared/shared.go': 'package shared\n',
      },
      output: df(
        'FROM golang:1.22',
        'WORKDIR /src',
        'COPY go.work go.work.sum ./',
        'COPY api/go.mod api/go.sum ./api/',
        'COPY shared/go.mod ./shared/',
        DOWNLOAD[1]!,
        'COPY . .',
        `${BOTH_CACHES} go build -o /bin/api ./api`,
        'CMD ["/bin/api"]',
      ),
      findings: [
        '3:1 info download-added {"files":"go.work, go.work.sum, api/go.mod, api/go.sum, shared/go.mod","download":"RUN --mount=type=cache,target=/go/pkg/mod go mod download","copy":"COPY . ."}',
        '4:1 info cache-mounts',
      ],
    },
    {
      name: 'writes plain RUNs without --mount when buildkit is off',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      config: { buildkit: false },
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      findings: ['3:1 info download-added {"files":"go.mod, go.sum","download":"RUN go mod download","copy":"COPY . ."}'],
    },
    {
      name: 'mounts no caches under a non-root USER (a cache mount is owned by root) and repeats --chown on the go.mod copy',
      dockerfile: df('FROM golang:1.22', 'USER 1000', 'WORKDIR /home/app', 'COPY --chown=1000 . .', 'RUN go build -o app .', 'CMD ["./app"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'USER 1000', 'WORKDIR /home/app', 'COPY --chown=1000 go.mod go.sum ./', 'RUN go mod download', 'COPY --chown=1000 . .', 'RUN go build -o app .', 'CMD ["./app"]'),
      findings: ['4:1 info download-added {"files":"go.mod, go.sum","download":"RUN go mod download","copy":"COPY --chown=1000 . ."}'],
    },
    {
      name: 'mounts the GOMODCACHE and GOCACHE an ENV sets',
      dockerfile: df('FROM golang:1.22', 'ENV GOMODCACHE=/cache/mod GOCACHE=/cache/build', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df(
        'FROM golang:1.22',
        'ENV GOMODCACHE=/cache/mod GOCACHE=/cache/build',
        'WORKDIR /app',
        'COPY go.mod go.sum ./',
        'RUN --mount=type=cache,target=/cache/mod go mod download',
        'COPY . .',
        'RUN --mount=type=cache,target=/cache/mod --mount=type=cache,target=/cache/build go build -o main .',
        'CMD ["./main"]',
      ),
      findings: ['4:1 info download-added', '5:1 info cache-mounts {"targets":"/cache/mod and /cache/build","command":"RUN go build -o main ."}'],
    },
    {
      name: 'keeps the destination of ADD . /app before WORKDIR /app and downloads in that directory',
      dockerfile: df('FROM golang:1.22', 'ADD . /app', 'WORKDIR /app', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df(
        'FROM golang:1.22',
        'COPY go.mod go.sum /app/',
        'RUN --mount=type=cache,target=/go/pkg/mod cd /app && go mod download',
        'ADD . /app',
        'WORKDIR /app',
        `${BOTH_CACHES} go build -o main .`,
        'CMD ["./main"]',
      ),
      findings: ['2:1 info download-added {"files":"go.mod, go.sum","download":"RUN --mount=type=cache,target=/go/pkg/mod cd /app && go mod download","copy":"ADD . /app"}', '4:1 info cache-mounts'],
    },
    {
      name: 'treats COPY ./ ./ as a whole-context copy and reuses its destination as written',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY ./ ./', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'WORKDIR /app', ...DOWNLOAD, 'COPY ./ ./', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['3:1 info download-added', '4:1 info cache-mounts'],
    },
    {
      name: 'copies go.mod into the subdirectory the source copy targets and downloads there',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /go/src', 'COPY . ./orders', 'WORKDIR /go/src/orders', 'RUN go build -o /orders .', 'CMD ["/orders"]'),
      files: GIN_API,
      output: df(
        'FROM golang:1.22',
        'WORKDIR /go/src',
        'COPY go.mod go.sum ./orders/',
        'RUN --mount=type=cache,target=/go/pkg/mod cd /go/src/orders && go mod download',
        'COPY . ./orders',
        'WORKDIR /go/src/orders',
        `${BOTH_CACHES} go build -o /orders .`,
        'CMD ["/orders"]',
      ),
      findings: ['3:1 info download-added', '5:1 info cache-mounts'],
    },
    {
      name: 'does not repeat --link on the go.mod copy (only --chown and --chmod change how a file lands)',
      dockerfile: df('FROM golang:1.22-alpine', 'WORKDIR /src', 'COPY --link . .', 'RUN go build -o /usr/local/bin/orders ./cmd/server', 'CMD ["orders"]'),
      files: GIN_CMD,
      output: df('FROM golang:1.22-alpine', 'WORKDIR /src', ...DOWNLOAD, 'COPY --link . .', `${BOTH_CACHES} go build -o /usr/local/bin/orders ./cmd/server`, 'CMD ["orders"]'),
      findings: ['3:1 info download-added {"files":"go.mod, go.sum","download":"RUN --mount=type=cache,target=/go/pkg/mod go mod download","copy":"COPY --link . ."}', '4:1 info cache-mounts'],
    },
    {
      name: 'adds no download in GOPATH mode (no go.mod) and does not call go get -d legacy there, but mounts the build cache',
      dockerfile: df('FROM golang:1.10', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go get -d -v ./...', 'RUN go install -v ./...', 'CMD ["app"]'),
      files: { 'main.go': GO_APP['main.go']! },
      output: df('FROM golang:1.10', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go get -d -v ./...', 'RUN --mount=type=cache,target=/root/.cache/go-build go install -v ./...', 'CMD ["app"]'),
      findings: ['5:1 info cache-mounts {"targets":"/root/.cache/go-build","command":"RUN go install -v ./..."}'],
    },
    {
      name: 'reports legacy go get in module mode and leaves it; the download still goes before the copy',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go get -d -v ./...', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'WORKDIR /app', ...DOWNLOAD, 'COPY . .', 'RUN go get -d -v ./...', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['4:1 info legacy-go-get {"command":"go get -d -v ./..."}', '3:1 info download-added', '5:1 info cache-mounts'],
    },
    {
      name: 'writes CRLF line endings on the new lines of a CRLF file',
      dockerfile: 'FROM golang:1.22\r\nWORKDIR /app\r\nCOPY . .\r\nRUN go build -o main .\r\nCMD ["./main"]\r\n',
      files: GIN_API,
      output: `FROM golang:1.22\r\nWORKDIR /app\r\n${DOWNLOAD.join('\r\n')}\r\nCOPY . .\r\n${BOTH_CACHES} go build -o main .\r\nCMD ["./main"]\r\n`,
      findings: ['3:1 info download-added', '4:1 info cache-mounts'],
    },
    {
      name: 'keeps comments and continuations inside the build RUN byte for byte; a section comment stays with its instruction',
      dockerfile: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        '',
        '# sources',
        'COPY . .',
        '',
        '# build',
        'RUN set -eux; \\',
        '    # static binary  ',
        '    go build \\',
        '\t-o /server \\',
        '    ./cmd/server',
        'CMD ["/server"]',
      ),
      files: GIN_CMD,
      output: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        '',
        ...DOWNLOAD,
        '# sources',
        'COPY . .',
        '',
        '# build',
        `${BOTH_CACHES} set -eux; \\`,
        '    # static binary  ',
        '    go build \\',
        '\t-o /server \\',
        '    ./cmd/server',
        'CMD ["/server"]',
      ),
      findings: ['5:1 info download-added', '8:1 info cache-mounts'],
    },
    {
      name: 'adds only the missing module cache to a build RUN that already mounts the build cache',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'WORKDIR /app', ...DOWNLOAD, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['3:1 info download-added', '4:1 info cache-mounts {"targets":"/go/pkg/mod","command":"RUN --mount=type=cache,target=/root/.cache/go-build go build -o main ."}'],
    },
    {
      name: 'does not take a tool installed with go install pkg@version before the copy for an existing split',
      dockerfile: df(
        'FROM golang:1.22',
        'RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3',
        'WORKDIR /app',
        'COPY . .',
        'RUN swag init && go build -o main .',
        'CMD ["./main"]',
      ),
      files: GIN_API,
      output: df(
        'FROM golang:1.22',
        'RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3',
        'WORKDIR /app',
        ...DOWNLOAD,
        'COPY . .',
        `${BOTH_CACHES} swag init && go build -o main .`,
        'CMD ["./main"]',
      ),
      findings: ['4:1 info download-added', '5:1 info cache-mounts {"targets":"/go/pkg/mod and /root/.cache/go-build","command":"RUN swag init && go build -o main ."}'],
    },
    {
      name: 'adds no download on a Go before modules (golang:1.10), which ignores go.mod, but mounts the build cache',
      dockerfile: df('FROM golang:1.10', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.10', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o main .', 'CMD ["./main"]'),
      findings: ['3:1 info no-modules {"image":"golang:1.10","minor":10}', '4:1 info cache-mounts'],
    },
    {
      name: 'does not call go get legacy on a Go before modules, where it is how dependencies are fetched',
      dockerfile: df('FROM golang:1.10', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go get -d -v ./...', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.10', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go get -d -v ./...', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o main .', 'CMD ["./main"]'),
      findings: ['3:1 info no-modules', '5:1 info cache-mounts'],
    },
    {
      name: 'adds the download on Go 1.11, the first Go with modules',
      dockerfile: df('FROM golang:1.11', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.11', 'WORKDIR /app', ...DOWNLOAD, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['3:1 info download-added', '4:1 info cache-mounts'],
    },
    {
      name: 'adds no download on Go 1.12 inside $GOPATH/src, where modules are off without GO111MODULE=on',
      dockerfile: df('FROM golang:1.12', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.12', 'WORKDIR /go/src/app', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o main .', 'CMD ["./main"]'),
      findings: ['3:1 info modules-off-in-gopath {"image":"golang:1.12","minor":12,"dir":"/go/src/app"}', '4:1 info cache-mounts'],
    },
    {
      name: 'adds the download on Go 1.12 inside $GOPATH/src when ENV GO111MODULE=on turns modules on',
      dockerfile: df('FROM golang:1.12', 'ENV GO111MODULE=on', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.12', 'ENV GO111MODULE=on', 'WORKDIR /go/src/app', ...DOWNLOAD, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['4:1 info download-added', '5:1 info cache-mounts'],
    },
    {
      name: 'adds the download on Go 1.13 inside $GOPATH/src, where modules are on by default for a go.mod',
      dockerfile: df('FROM golang:1.13', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.13', 'WORKDIR /go/src/app', ...DOWNLOAD, 'COPY . .', `${BOTH_CACHES} go build -o main .`, 'CMD ["./main"]'),
      findings: ['3:1 info download-added', '4:1 info cache-mounts'],
    },
    {
      name: 'adds no download when GO111MODULE=off turns modules off, on any Go',
      dockerfile: df('FROM golang:1.22', 'ENV GO111MODULE=off', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]'),
      files: GIN_API,
      output: df('FROM golang:1.22', 'ENV GO111MODULE=off', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o main .', 'CMD ["./main"]'),
      findings: ['4:1 info modules-disabled {}', '5:1 info cache-mounts'],
    },
  ],
});

// What the harness does not compare: whether a finding is a fix, and the rendered prose.

const NAIVE: PassCase = { name: 'naive', dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go get -d -v ./...', 'RUN go build -o main .', 'CMD ["./main"]'), files: GIN_API };

test('dependency-cache: the inserted download and the cache mounts are fixes; legacy go get is advice only', () => {
  const fixed = runCase('dependency-cache', NAIVE).findings.map((f) => [f.code, f.fixed]);
  assert.equal(fixed, [
    ['dependency-cache/legacy-go-get', false],
    ['dependency-cache/download-added', true],
    ['dependency-cache/cache-mounts', true],
  ]);
});

test('dependency-cache: a download that also builds is reported unfixed', () => {
  const c = { ...NAIVE, dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go mod download && go build -o /server .', 'CMD ["/server"]') };
  assert.equal(runCase('dependency-cache', c).findings.map((f) => f.fixed), [false]);
});

test('dependency-cache: the modules-off messages name the image, its Go version and the GOPATH directory', () => {
  const message = (dockerfile: string) => runCase('dependency-cache', { ...NAIVE, dockerfile }).findings[0]!.message;
  assert.is(
    message(df('FROM golang:1.10', 'WORKDIR /app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]')),
    '`golang:1.10` has Go 1.10, which predates modules (Go 1.11): its builds ignore go.mod, so no `go mod download` was added.',
  );
  assert.is(
    message(df('FROM golang:1.12', 'WORKDIR /go/src/app', 'COPY . .', 'RUN go build -o main .', 'CMD ["./main"]')),
    '`golang:1.12` has Go 1.12, which turns modules off inside $GOPATH/src (/go/src/app) unless GO111MODULE=on: no `go mod download` was added.',
  );
  const outside = runCase('dependency-cache', {
    ...NAIVE,
    dockerfile: df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /bin/app .', 'CMD ["/bin/app"]'),
    files: { 'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nreplace github.com/acme/lib => ../lib\n', 'main.go': GIN_MAIN },
  });
  assert.match(outside.findings[0]!.message, /go\.mod `replace github\.com\/acme\/lib => \.\.\/lib` points outside the build context/);
});

test.run();
