/**
 * non-root-user: the runtime stage of a Go multi-stage build runs as a numeric non-root user.
 * Single-stage inputs reach the pass through split-stages and runtime-image, as in the pipeline.
 */
import { test } from 'uvu';
import { passTests } from './pass-tester.js';

const df = (...lines: string[]): string => `${lines.join('\n')}\n`;
const SPLIT = ['split-stages', 'runtime-image'];

/** A Gin API under cmd/api, built by the multi-stage files below. */
const GIN_API = {
  'go.mod': 'module github.com/acme/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'go.sum': 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n',
  'cmd/api/main.go':
    'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.GET("/healthz", func(c *gin.Context) { c.String(200, "ok") })\n\tr.Run(":8080")\n}\n',
};

/** A blog that renders templates/ and serves static/ from its working directory, on port 80. */
const BLOG = {
  'go.mod': 'module github.com/acme/blog\n\ngo 1.21\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
  'go.sum': 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n',
  'main.go':
    'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.LoadHTMLGlob("templates/*")\n\tr.Static("/assets", "./static")\n\tr.Run(":80")\n}\n',
  'templates/index.html': '<h1>blog</h1>\n',
  'static/app.css': 'body { margin: 0 }\n',
};

const BUILD_STAGE = [
  'FROM golang:1.22-alpine AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api',
  '',
];

const NAIVE = df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go mod download', 'RUN go build -o server .', 'EXPOSE 8080', 'CMD ["./server"]');
const NAIVE_BUILD_STAGE = ['FROM golang:1.22 AS build', 'WORKDIR /app', 'COPY . .', 'RUN go mod download', 'RUN go build -o server .', ''];

passTests('non-root-user', {
  valid: [
    {
      name: 'leaves a distroless :nonroot stage the author wrote alone: it already runs as 65532',
      dockerfile: df(...BUILD_STAGE, 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /out/api /api', 'EXPOSE 8080', 'ENTRYPOINT ["/api"]'),
      files: GIN_API,
    },
    {
      name: 'keeps an existing numeric USER as written',
      dockerfile: df(
        ...BUILD_STAGE,
        'FROM alpine:3.19',
        'RUN apk add --no-cache ca-certificates && adduser -D -u 1000 app',
        'COPY --from=build /out/api /usr/local/bin/api',
        'USER 1000:1000',
        'EXPOSE 8080',
        'ENTRYPOINT ["api"]',
      ),
      files: GIN_API,
    },
    {
      name: 'keeps a named USER and notes that runAsNonRoot needs a number',
      dockerfile: df(
        ...BUILD_STAGE,
        'FROM alpine:3.19',
        'RUN apk add --no-cache ca-certificates && adduser -D app',
        'USER app',
        'COPY --from=build /out/api /usr/local/bin/api',
        'ENTRYPOINT ["api"]',
      ),
      files: GIN_API,
      findings: ['10:1 info named-user {"user":"app"}'],
    },
    {
      name: 'keeps distroless\'s named nonroot user and notes the numeric form',
      dockerfile: df(...BUILD_STAGE, 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /out/api /api', 'USER nonroot:nonroot', 'ENTRYPOINT ["/api"]'),
      files: GIN_API,
      findings: ['10:1 info named-user {"user":"nonroot:nonroot"}'],
    },
    {
      name: 'leaves a single-stage build alone: there is no runtime stage until split-stages makes one',
      dockerfile: NAIVE,
    },
    {
      name: 'leaves a runtime stage on an image from an ARG without default alone: its family is unknown',
      dockerfile: df('ARG RUNTIME_IMAGE', ...BUILD_STAGE, 'FROM ${RUNTIME_IMAGE}', 'COPY --from=build /out/api /api', 'ENTRYPOINT ["/api"]'),
      files: GIN_API,
    },
    {
      name: 'leaves a build dockopt cannot follow alone (make builds the binary)',
      dockerfile: df(
        'FROM golang:1.22-alpine AS build',
        'RUN apk add --no-cache make git',
        'WORKDIR /src',
        'COPY . .',
        'RUN make build',
        '',
        'FROM alpine:3.19',
        'COPY --from=build /src/bin/api /usr/local/bin/api',
        'ENTRYPOINT ["api"]',
      ),
      files: { ...GIN_API, Makefile: 'build:\n\tCGO_ENABLED=0 go build -o bin/api ./cmd/api\n' },
    },
    {
      name: 'leaves a runtime stage without a start command alone',
      dockerfile: df(...BUILD_STAGE, 'FROM alpine:3.19', 'COPY --from=build /out/api /usr/local/bin/api'),
      files: GIN_API,
    },
    {
      name: 'leaves a Node build alone: not Go',
      dockerfile: df(
        'FROM node:20-alpine AS web',
        'WORKDIR /web',
        'COPY package.json package-lock.json ./',
        'RUN npm ci',
        'COPY . .',
        'RUN npm run build',
        '',
        'FROM nginx:1.25-alpine',
        'COPY --from=web /web/dist /usr/share/nginx/html',
        'EXPOSE 80',
      ),
      files: { 'package.json': '{"name":"web","scripts":{"build":"vite build"}}\n', 'package-lock.json': '{}\n', 'index.html': '<div id="app"></div>\n' },
    },
    {
      name: 'a make build stays single-stage, so there is still no runtime stage to change',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN make build', 'CMD ["./bin/server"]'),
      files: { ...GIN_API, Makefile: 'build:\n\tgo build -o bin/server ./cmd/api\n' },
      after: SPLIT,
    },
  ],
  invalid: [
    {
      name: 'runs the distroless runtime split-stages creates as 65532:65532, before the start command',
      dockerfile: NAIVE,
      after: SPLIT,
      output: df(
        ...NAIVE_BUILD_STAGE,
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'WORKDIR /app',
        'COPY --from=build /app/server /app/server',
        'EXPOSE 8080',
        'USER 65532:65532',
        'CMD ["./server"]',
      ),
      findings: ['-:- info added {"uid":65532,"how":"the nonroot user distroless images provide"}'],
    },
    {
      name: 'creates an app user with the default UID 10001 on an alpine runtime',
      dockerfile: NAIVE,
      after: SPLIT,
      config: { runtime: 'alpine' },
      output: df(
        ...NAIVE_BUILD_STAGE,
        'FROM alpine:3.20',
        'WORKDIR /app',
        'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app',
        'COPY --from=build /app/server /app/server',
        'EXPOSE 8080',
        'USER 10001:10001',
        'CMD ["./server"]',
      ),
      findings: ['-:- info added {"uid":10001,"how":"a user created with that UID on alpine"}'],
    },
    {
      name: 'creates the user with config `user` as its UID on a debian runtime',
      dockerfile: NAIVE,
      after: SPLIT,
      config: { runtime: 'debian', user: 2000 },
      output: df(
        ...NAIVE_BUILD_STAGE,
        'FROM debian:bookworm-slim',
        'WORKDIR /app',
        'RUN groupadd --system --gid 2000 app && useradd --system --uid 2000 --gid app --no-create-home --shell /usr/sbin/nologin app',
        'COPY --from=build /app/server /app/server',
        'EXPOSE 8080',
        'USER 2000:2000',
        'CMD ["./server"]',
      ),
      findings: ['-:- info added {"uid":2000,"how":"a user created with that UID on debian"}'],
    },
    {
      name: 'sets a bare numeric UID on scratch, which has no tool to create users',
      dockerfile: NAIVE,
      after: SPLIT,
      config: { runtime: 'scratch', user: 1500 },
      output: df(...NAIVE_BUILD_STAGE, 'FROM scratch', 'WORKDIR /app', 'COPY --from=build /app/server /app/server', 'EXPOSE 8080', 'USER 1500:1500', 'CMD ["./server"]'),
      findings: ['-:- info added {"uid":1500,"how":"numeric, as scratch has no tool to create users"}'],
    },
    {
      name: 'root-owned WORKDIR: files the program only reads (templates, static) need no chown, only USER is added',
      dockerfile: df('FROM golang:1.21-alpine', 'WORKDIR /app', 'COPY . .', 'RUN go mod download', 'RUN go build -o blog .', 'EXPOSE 80', 'CMD ["./blog"]'),
      files: BLOG,
      after: SPLIT,
      output: df(
        'FROM golang:1.21-alpine AS build',
        'WORKDIR /app',
        'COPY . .',
        'RUN go mod download',
        'RUN go build -o blog .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'WORKDIR /app',
        'COPY --from=build /app/blog /app/blog',
        'COPY --from=build /app/static /app/static',
        'COPY --from=build /app/templates /app/templates',
        'EXPOSE 80',
        'USER 65532:65532',
        'CMD ["./blog"]',
      ),
      findings: [
        '-:- info added {"uid":65532,"how":"the nonroot user distroless images provide"}',
        '6:1 warning low-port {"port":"80"}',
      ],
    },
    {
      name: 'adds USER 65532 to a runtime stage runtime-image moved onto distroless :nonroot',
      dockerfile: df(...BUILD_STAGE, 'FROM golang:1.22', 'COPY --from=build /out/api /usr/local/bin/api', 'EXPOSE 8080', 'CMD ["api"]'),
      files: GIN_API,
      after: ['runtime-image'],
      output: df(
        ...BUILD_STAGE,
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /out/api /usr/local/bin/api',
        'EXPOSE 8080',
        'USER 65532:65532',
        'CMD ["api"]',
      ),
      findings: ['8:1 info added {"uid":65532,"how":"the nonroot user distroless images provide"}'],
    },
    {
      name: 'adds USER 65532 to an existing distroless stage whose tag runs as root, and warns about each port below 1024',
      dockerfile: df(...BUILD_STAGE, 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /out/api /api', 'EXPOSE 80 443/tcp 8080', 'ENTRYPOINT ["/api"]'),
      files: GIN_API,
      output: df(...BUILD_STAGE, 'FROM gcr.io/distroless/static-debian12', 'COPY --from=build /out/api /api', 'EXPOSE 80 443/tcp 8080', 'USER 65532:65532', 'ENTRYPOINT ["/api"]'),
      findings: [
        '8:1 info added {"uid":65532,"how":"the nonroot user distroless images provide"}',
        '10:1 warning low-port {"port":"80"}',
        '10:1 warning low-port {"port":"443/tcp"}',
      ],
    },
    {
      name: 'creates the alpine user after the package install and before the first COPY, so it stays cached',
      dockerfile: df(
        ...BUILD_STAGE,
        'FROM alpine:3.19',
        'RUN apk add --no-cache ca-certificates tzdata',
        'COPY --from=build /out/api /usr/local/bin/api',
        'EXPOSE 8080',
        'ENTRYPOINT ["api"]',
      ),
      files: GIN_API,
      output: df(
        ...BUILD_STAGE,
        'FROM alpine:3.19',
        'RUN apk add --no-cache ca-certificates tzdata',
        'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app',
        'COPY --from=build /out/api /usr/local/bin/api',
        'EXPOSE 8080',
        'USER 10001:10001',
        'ENTRYPOINT ["api"]',
      ),
      findings: ['8:1 info added {"uid":10001,"how":"a user created with that UID on alpine"}'],
    },
    {
      name: 'puts USER before a HEALTHCHECK that precedes the start command',
      dockerfile: df(
        ...BUILD_STAGE,
        'FROM alpine:3.19',
        'RUN apk add --no-cache ca-certificates curl',
        'COPY --from=build /out/api /usr/local/bin/api',
        'HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:8080/healthz || exit 1',
        'ENTRYPOINT ["api"]',
      ),
      files: GIN_API,
      output: df(
        ...BUILD_STAGE,
        'FROM alpine:3.19',
        'RUN apk add --no-cache ca-certificates curl',
        'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app',
        'COPY --from=build /out/api /usr/local/bin/api',
        'USER 10001:10001',
        'HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:8080/healthz || exit 1',
        'ENTRYPOINT ["api"]',
      ),
      findings: ['8:1 info added {"uid":10001,"how":"a user created with that UID on alpine"}'],
    },
    {
      name: 'reads the runtime family from an ARG default (FROM ${RUNTIME_IMAGE} with alpine:3.19)',
      dockerfile: df('ARG RUNTIME_IMAGE=alpine:3.19', ...BUILD_STAGE, 'FROM ${RUNTIME_IMAGE}', 'COPY --from=build /out/api /api', 'ENTRYPOINT ["/api"]'),
      files: GIN_API,
      output: df(
        'ARG RUNTIME_IMAGE=alpine:3.19',
        ...BUILD_STAGE,
        'FROM ${RUNTIME_IMAGE}',
        'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app',
        'COPY --from=build /out/api /api',
        'USER 10001:10001',
        'ENTRYPOINT ["/api"]',
      ),
      findings: ['9:1 info added {"uid":10001,"how":"a user created with that UID on alpine"}'],
    },
    {
      name: 'sets a bare numeric UID on an image it has no user recipe for (busybox)',
      dockerfile: df(...BUILD_STAGE, 'FROM busybox:1.36', 'COPY --from=build /out/api /bin/api', 'CMD ["api"]'),
      files: GIN_API,
      config: { user: 4242 },
      output: df(...BUILD_STAGE, 'FROM busybox:1.36', 'COPY --from=build /out/api /bin/api', 'USER 4242:4242', 'CMD ["api"]'),
      findings: ['8:1 info added {"uid":4242,"how":"numeric, as this image has no tool to create users"}'],
    },
    {
      name: 'creates the user on an existing ubuntu runtime with useradd',
      dockerfile: df(
        ...BUILD_STAGE,
        'FROM ubuntu:22.04',
        'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /app',
        'COPY --from=build /out/api ./api',
        'CMD ["./api"]',
      ),
      files: GIN_API,
      output: df(
        ...BUILD_STAGE,
        'FROM ubuntu:22.04',
        'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /app',
        'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app',
        'COPY --from=build /out/api ./api',
        'USER 10001:10001',
        'CMD ["./api"]',
      ),
      findings: ['8:1 info added {"uid":10001,"how":"a user created with that UID on debian"}'],
    },
  ],
});

test.run();
