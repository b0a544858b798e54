/**
 * A seeded monorepo of Dockerfiles with small build contexts, for the throughput benches
 * (bench/tool.ts, bench/monorepo.ts). The same seed and count always give the same bytes.
 *
 * The mix follows what a large repository holds: mostly naive single-stage Go builds of
 * several shapes (cmd/ targets, templates read at run time, cgo, vendored modules, a late
 * `go mod download`, several binaries), Go builds that are multi-stage already, Python,
 * Node and nginx images, a few CRLF files, comments and continuations, and about 1% of files
 * Docker would reject.
 */
import fs from 'node:fs';
import path from 'node:path';

export type DockerfileKind =
  | 'go-naive'
  | 'go-multistage'
  | 'python'
  | 'node'
  | 'nginx'
  | 'broken';

export interface GeneratedRepo {
  root: string;
  /** Absolute paths of every Dockerfile written, sorted. */
  dockerfiles: string[];
  /** How many Dockerfiles of each kind. */
  kinds: Record<DockerfileKind, number>;
  /** How many naive Go Dockerfiles of each shape. */
  goShapes: Record<string, number>;
  /** One plain (LF) Dockerfile of each kind, for single-file runs. */
  samples: Partial<Record<DockerfileKind, string>>;
  /** Dockerfiles written with CRLF line ends. */
  crlf: number;
  /** Build-context directories (a directory may hold a second Dockerfile). */
  contexts: number;
  /** Every file written, Dockerfiles included. */
  files: number;
  /** Total size of the Dockerfiles. */
  dockerfileBytes: number;
}

/** mulberry32: small, fast and good enough to pick shapes. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    weighted: <T extends string>(weights: Record<T, number>): T => {
      const entries = Object.entries(weights) as [T, number][];
      let x = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, w] of entries) if ((x -= w) < 0) return key;
      return entries[entries.length - 1]![0];
    },
  };
}
type Rng = ReturnType<typeof rng>;

const KIND_WEIGHTS: Record<DockerfileKind, number> = {
  'go-naive': 62,
  'go-multistage': 15,
  python: 8,
  node: 7,
  nginx: 7,
  broken: 1,
};

const GO_SHAPES = {
  root: 22,
  cmd: 18,
  templates: 12,
  'early-download': 12,
  'late-download': 10,
  cgo: 8,
  vendored: 7,
  'multi-binary': 6,
  'tls-client': 5,
};
type GoShape = keyof typeof GO_SHAPES;

const TEAMS = ['billing', 'search', 'identity', 'payments', 'growth', 'infra', 'data', 'mobile', 'ads', 'risk',
  'catalog', 'checkout', 'notify', 'media', 'maps', 'support', 'ledger', 'edge', 'ml', 'platform'];
const WORDS = ['api', 'worker', 'gateway', 'sync', 'indexer', 'proxy', 'scheduler', 'exporter', 'relay',
  'store', 'auth', 'cron', 'ingest', 'render', 'router', 'cache', 'audit', 'hooks'];
const GO_VERSIONS = ['1.19', '1.20', '1.21', '1.22', '1.23'];
const GO_FLAVOURS = ['', '', '', '-alpine', '-bookworm', '-bullseye'];
const WORKDIRS = ['/app', '/app', '/src', '/build', '/usr/src/app'];
const PORTS = [8080, 8080, 3000, 8000, 9090, 5000];

interface Service {
  kind: DockerfileKind;
  shape?: GoShape;
  /** Context files by relative path (the Dockerfiles excluded). */
  files: Record<string, string>;
  /** Dockerfile name → contents. */
  dockerfiles: Record<string, string | Buffer>;
}

/**
 * Writes `count` Dockerfiles under `dir/services/<team>/<service>/`, plus a `.git` directory
 * marking the repository root, a root `.gitignore` and a few team configs.
 */
export function generateRepo(dir: string, count: number, seed: number): GeneratedRepo {
  const r = rng(seed);
  const root = path.resolve(dir);
  const result: GeneratedRepo = {
    root,
    dockerfiles: [],
    kinds: { 'go-naive': 0, 'go-multistage': 0, python: 0, node: 0, nginx: 0, broken: 0 },
    goShapes: Object.fromEntries(Object.keys(GO_SHAPES).map((s) => [s, 0])),
    samples: {},
    crlf: 0,
    contexts: 0,
    files: 0,
    dockerfileBytes: 0,
  };
  const write = (rel: string, data: string | Buffer) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    result.files++;
  };

  fs.mkdirSync(path.join(root, '.git'), { recursive: true });
  write('.gitignore', 'bin/\n*.log\n');
  // Two teams pick another runtime: config search and per-directory config resolution run for real.
  write('services/edge/.dockoptrc.json', '{ "runtime": "alpine" }\n');
  write('services/ml/.dockoptrc.json', '{ "runtime": "debian", "user": 2000 }\n');

  let index = 0;
  while (result.dockerfiles.length < count) {
    const team = TEAMS[index % TEAMS.length]!;
    const name = `${r.pick(WORDS)}-${String(index).padStart(5, '0')}`;
    const contextRel = path.posix.join('services', team, name);
    index++;
    const service = makeService(r, name);
    // Some services keep a debug Dockerfile beside the main one, sharing the context.
    if (service.kind === 'go-naive' && r.chance(0.05) && result.dockerfiles.length + 2 <= count) {
      service.dockerfiles['Dockerfile.debug'] = debugDockerfile(r, name);
    }
    result.contexts++;
    for (const [rel, text] of Object.entries(service.files)) write(path.posix.join(contextRel, rel), text);
    for (const [fileName, original] of Object.entries(service.dockerfiles)) {
      let data = original;
      const crlf = typeof data === 'string' && service.kind !== 'broken' && r.chance(0.05);
      if (crlf) {
        data = (data as string).replace(/\n/g, '\r\n');
        result.crlf++;
      }
      const rel = path.posix.join(contextRel, fileName);
      write(rel, data);
      if (!crlf && fileName === 'Dockerfile') result.samples[service.kind] ??= path.join(root, rel);
      result.dockerfiles.push(path.join(root, rel));
      result.dockerfileBytes += Buffer.byteLength(data);
      result.kinds[service.kind]++;
      if (service.shape) result.goShapes[service.shape]!++;
    }
  }
  result.dockerfiles.sort();
  return result;
}

function makeService(r: Rng, name: string): Service {
  const kind = r.weighted(KIND_WEIGHTS);
  switch (kind) {
    case 'go-naive':
      return goNaive(r, name);
    case 'go-multistage':
      return goMultistage(r, name);
    case 'python':
      return python(r);
    case 'node':
      return node(r, name);
    case 'nginx':
      return nginx(r);
    case 'broken':
      return broken(r, name);
  }
}

// ── Go contexts ──────────────────────────────────────────────────────────────────────

function goMod(r: Rng, name: string, requires: string[] = []): string {
  const version = r.pick(GO_VERSIONS);
  let text = `module github.com/acme/${name}\n\ngo ${version}\n`;
  if (requires.length > 0) text += `\nrequire (\n${requires.map((q) => `\t${q}\n`).join('')})\n`;
  return text;
}

function goSum(requires: string[]): string {
  return requires
    .map((q) => {
      const [mod, version] = q.split(' ');
      return `${mod} ${version} h1:${'x'.repeat(43)}=\n${mod} ${version}/go.mod h1:${'y'.repeat(43)}=\n`;
    })
    .join('');
}

function serverMain(port: number, extraImports: string[] = [], body = ''): string {
  const imports = ['"log"', '"net/http"', ...extraImports].sort();
  return `package main

import (
${imports.map((i) => `\t${i}`).join('\n')}
)

func main() {
\tmux := http.NewServeMux()
\tmux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
${body}\tlog.Fatal(http.ListenAndServe(":${port}", mux))
}
`;
}

function goNaive(r: Rng, name: string): Service {
  const shape = r.weighted(GO_SHAPES);
  const port = r.pick(PORTS);
  const version = r.pick(GO_VERSIONS);
  let flavour = r.pick(GO_FLAVOURS);
  const workdir = r.chance(0.15) ? `/go/src/github.com/acme/${name}` : r.pick(WORKDIRS);
  const requires = r.chance(0.4) ? [`github.com/gin-gonic/gin v1.9.${r.int(0, 1)}`] : [];
  const files: Record<string, string> = { 'go.mod': goMod(r, name, requires) };
  const hasSum = requires.length > 0 || r.chance(0.3);
  if (hasSum) files['go.sum'] = goSum(requires);
  if (r.chance(0.25)) files['README.md'] = `# ${name}\n\nOwned by the team; see the runbook.\n`;
  if (r.chance(0.2)) files['.dockerignore'] = '.git\n*.md\n';
  if (r.chance(0.2)) files['main_test.go'] = 'package main\n\nimport "testing"\n\nfunc TestNothing(t *testing.T) {}\n';

  const lines: string[] = [];
  const comments = r.chance(0.3);
  const comment = (text: string) => {
    if (comments) lines.push(`# ${text}`);
  };
  let binary = r.pick(['server', 'app', name, `/usr/local/bin/${name}`, '/bin/app']);
  let target = '.';
  let buildFlags = r.chance(0.3) ? 'CGO_ENABLED=0 GOOS=linux ' : '';
  let extraRun: string | null = null;

  switch (shape) {
    case 'root':
    case 'early-download':
    case 'late-download':
      files['main.go'] = serverMain(port);
      if (r.chance(0.5)) files['handlers.go'] = 'package main\n\nfunc version() string { return "dev" }\n';
      break;
    case 'cmd':
      target = `./cmd/${name}`;
      files[`cmd/${name}/main.go`] = serverMain(port, [`"github.com/acme/${name}/internal/store"`], '\t_ = store.Open\n');
      files['internal/store/store.go'] = 'package store\n\n// Open opens the store.\nfunc Open() error { return nil }\n';
      if (r.chance(0.5)) files['cmd/migrate/main.go'] = 'package main\n\nfunc main() {}\n';
      if (r.chance(0.4)) binary = name;
      break;
    case 'templates':
      files['main.go'] = serverMain(port, ['"html/template"'], '\ttmpl := template.Must(template.ParseGlob("templates/*.html"))\n\t_ = tmpl\n');
      files['templates/index.html'] = '<!doctype html><title>{{.Title}}</title><h1>{{.Title}}</h1>\n';
      files['templates/layout.html'] = '{{define "layout"}}<main>{{template "content" .}}</main>{{end}}\n';
      if (r.chance(0.5)) files['static/app.css'] = 'body { font-family: sans-serif; }\n';
      break;
    case 'cgo':
      files['main.go'] = serverMain(port);
      files['hash.go'] = `package main

/*
#include <stdint.h>
static uint32_t mix(uint32_t x) { return x * 2654435761u; }
*/
import "C"

func mix(x uint32) uint32 { return uint32(C.mix(C.uint32_t(x))) }
`;
      buildFlags = r.chance(0.5) ? 'CGO_ENABLED=1 ' : '';
      if (flavour === '-alpine') extraRun = 'apk add --no-cache build-base';
      break;
    case 'vendored':
      files['main.go'] = serverMain(port, ['"example.com/slug"'], '\t_ = slug.Make\n');
      files['vendor/modules.txt'] = '# example.com/slug v1.0.0\n## explicit; go 1.20\nexample.com/slug\n';
      files['vendor/example.com/slug/slug.go'] = 'package slug\n\nfunc Make(s string) string { return s }\n';
      buildFlags += r.chance(0.5) ? '' : 'GOFLAGS=-mod=vendor ';
      break;
    case 'multi-binary':
      files['cmd/server/main.go'] = serverMain(port);
      files['cmd/worker/main.go'] = 'package main\n\nimport "time"\n\nfunc main() { for { time.Sleep(time.Minute) } }\n';
      break;
    case 'tls-client':
      files['main.go'] = serverMain(port, ['"crypto/tls"', '"time"'], '\t_ = tls.Config{}\n\t_, _ = time.LoadLocation("Europe/Berlin")\n');
      if (r.chance(0.5)) flavour = '-alpine';
      if (flavour === '-alpine') extraRun = 'apk add --no-cache ca-certificates tzdata git';
      break;
  }

  const kw = r.chance(0.04) ? (k: string) => k.toLowerCase() : (k: string) => k;
  if (r.chance(0.1)) lines.push('# syntax=docker/dockerfile:1');
  comment(`Build and run ${name} in one image.`);
  if (r.chance(0.1)) lines.push(`${kw('ARG')} GO_VERSION=${version}`, `${kw('FROM')} golang:\${GO_VERSION}${flavour}`);
  else lines.push(`${kw('FROM')} golang:${version}${flavour}`);
  if (r.chance(0.2)) lines.push(`${kw('LABEL')} org.opencontainers.image.source="https://github.com/acme/monorepo" \\`, `      team="${name}"`);
  if (extraRun) lines.push(`${kw('RUN')} ${extraRun}`);
  if (requires.length > 0 && r.chance(0.3)) lines.push(`${kw('ENV')} GOPROXY=https://proxy.golang.org,direct`);
  lines.push(`${kw('WORKDIR')} ${workdir}`);
  if (shape === 'early-download') {
    comment('Download modules first so they are cached.');
    lines.push(`${kw('COPY')} ${hasSum ? 'go.mod go.sum' : 'go.mod'} ./`, `${kw('RUN')} go mod download`);
  }
  lines.push(`${kw('COPY')} . .`);
  if (shape === 'late-download') lines.push(`${kw('RUN')} go mod download`);
  comment('Compile.');
  if (shape === 'multi-binary') {
    lines.push(`${kw('RUN')} go build -o /bin/server ./cmd/server && \\`, '    go build -o /bin/worker ./cmd/worker');
    binary = '/bin/server';
  } else if (shape === 'cmd' && binary === name && r.chance(0.5)) {
    lines.push(`${kw('RUN')} go build ${target}`);
  } else if (r.chance(0.25)) {
    lines.push(`${kw('RUN')} ${buildFlags}go build \\`, '    -trimpath \\', `    -o ${binary} \\`, `    ${target}`);
  } else {
    lines.push(`${kw('RUN')} ${buildFlags}go build -o ${binary} ${target}`);
  }
  if (r.chance(0.15)) lines.push(`${kw('ENV')} GIN_MODE=release PORT=${port}`);
  lines.push(`${kw('EXPOSE')} ${port}`);
  const start = binary.startsWith('/') ? binary : `./${binary}`;
  if (r.chance(0.7)) lines.push(`${kw('CMD')} ["${start}"]`);
  else if (r.chance(0.5)) lines.push(`${kw('ENTRYPOINT')} ["${start}"]`);
  else lines.push(`${kw('CMD')} ${start}`);
  if (r.chance(0.15)) lines.push('');
  return { kind: 'go-naive', shape, files, dockerfiles: { Dockerfile: `${lines.join('\n')}\n` } };
}

function debugDockerfile(r: Rng, name: string): string {
  return `FROM golang:${r.pick(GO_VERSIONS)}
WORKDIR /app
COPY . .
RUN go install github.com/go-delve/delve/cmd/dlv@latest
RUN go build -gcflags="all=-N -l" -o /app/${name} .
EXPOSE 40000
CMD ["dlv", "--listen=:40000", "--headless=true", "--api-version=2", "exec", "/app/${name}"]
`;
}

function goMultistage(r: Rng, name: string): Service {
  const port = r.pick(PORTS);
  const version = r.pick(GO_VERSIONS);
  const files: Record<string, string> = {
    'go.mod': goMod(r, name),
    'main.go': serverMain(port),
    '.dockerignore': '.git\nbin/\n',
  };
  let text: string;
  if (r.chance(0.5)) {
    text = `# syntax=docker/dockerfile:1
FROM --platform=$BUILDPLATFORM golang:${version} AS build
WORKDIR /src
COPY go.mod ./
RUN --mount=type=cache,target=/go/pkg/mod \\
    go mod download
COPY . .
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \\
    go build -trimpath -ldflags="-s -w" -o /out/${name} .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/${name} /${name}
EXPOSE ${port}
USER 65532:65532
ENTRYPOINT ["/${name}"]
`;
  } else {
    const runtime = r.pick(['alpine:3.19', 'alpine:3.20', 'debian:bookworm-slim', 'scratch']);
    const certs = runtime.startsWith('alpine') ? 'RUN apk add --no-cache ca-certificates\n' : '';
    text = `FROM golang:${version}-alpine AS builder
WORKDIR /build
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o ${name} .

FROM ${runtime}
${certs}COPY --from=builder /build/${name} /usr/local/bin/${name}
EXPOSE ${port}
ENTRYPOINT ["/usr/local/bin/${name}"]
`;
  }
  return { kind: 'go-multistage', files, dockerfiles: { Dockerfile: text } };
}

// ── Other languages ──────────────────────────────────────────────────────────────────

function python(r: Rng): Service {
  const version = r.pick(['3.10', '3.11', '3.12']);
  const port = r.pick([5000, 8000]);
  const files = {
    'requirements.txt': 'flask==3.0.0\ngunicorn==21.2.0\n',
    'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n',
  };
  const text = `FROM python:${version}-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE ${port}
CMD ["gunicorn", "--bind", "0.0.0.0:${port}", "app:app"]
`;
  return { kind: 'python', files, dockerfiles: { Dockerfile: text } };
}

function node(r: Rng, name: string): Service {
  const version = r.pick(['18', '20', '22']);
  const files = {
    'package.json': `{ "name": "${name}", "private": true, "scripts": { "start": "node server.js" } }\n`,
    'package-lock.json': `{ "name": "${name}", "lockfileVersion": 3, "packages": {} }\n`,
    'server.js': 'require("http").createServer((_, res) => res.end("ok")).listen(3000);\n',
  };
  const text = r.chance(0.5)
    ? `FROM node:${version}-alpine
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
USER node
EXPOSE 3000
CMD ["node", "server.js"]
`
    : `FROM node:${version} AS deps
WORKDIR /app
COPY package*.json ./
RUN npm ci

FROM node:${version}-slim
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
CMD ["npm", "start"]
`;
  return { kind: 'node', files, dockerfiles: { Dockerfile: text } };
}

function nginx(r: Rng): Service {
  const files = {
    'html/index.html': '<!doctype html><title>static</title><p>hello</p>\n',
    'nginx.conf': 'server {\n  listen 80;\n  root /usr/share/nginx/html;\n}\n',
  };
  const text = `FROM nginx:${r.pick(['1.25', '1.27', 'stable', 'alpine'])}
COPY nginx.conf /etc/nginx/conf.d/default.conf
COPY html/ /usr/share/nginx/html/
EXPOSE 80
`;
  return { kind: 'nginx', files, dockerfiles: { Dockerfile: text } };
}

/** Files Docker rejects: dockopt must report them (exit 2) and go on with the others. */
function broken(r: Rng, name: string): Service {
  const files = { 'go.mod': goMod(r, name), 'main.go': serverMain(8080) };
  const valid = `FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n`;
  const variants: (string | Buffer)[] = [
    valid.replace('RUN go build', 'RUM go build'),
    `WORKDIR /app\n${valid}`,
    valid.replace('COPY . .', 'INSTALL deps'),
    Buffer.concat([Buffer.from(valid), Buffer.from([0, 1, 2, 3])]),
    Buffer.concat([Buffer.from(valid.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(valid.slice(20))]),
  ];
  return { kind: 'broken', files, dockerfiles: { Dockerfile: r.pick(variants) } };
}
