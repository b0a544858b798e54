/** dependency-cache: go.mod/go.sum + `go mod download` before the source copy, through the real runner. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../src/config.js';
import { emptyFacts, type ContextFacts, type GoModule } from '../src/context/facts.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import type { Finding } from '../src/pass.js';
import { runPasses } from '../src/pipeline/run-passes.js';
import dependencyCache from '../passes/dependency-cache.js';
import { goModule, ROOT } from './helpers.js';

/** Facts of a context with a root go.mod (and the other modules given). */
function moduleFacts(root: Partial<GoModule> | null = {}, others: GoModule[] = [], extra: Partial<ContextFacts> = {}): ContextFacts {
  const goMod = root === null ? null : goModule('', root);
  return { ...emptyFacts(), goMod, goModules: [...(goMod ? [goMod] : []), ...others], goFiles: ['main.go'], ...extra };
}

function run(text: string, facts: ContextFacts, config: ResolvedConfig = DEFAULT_CONFIG): { output: string; findings: Finding[] } {
  const model = parseDockerfile(text);
  const { findings } = runPasses({ model, facts, config, passes: [dependencyCache] });
  return { output: model.print(), findings };
}

/** Runs the pass, compares the whole output, and checks that a second run changes nothing. */
function rewrites(text: string, expected: string, facts: ContextFacts, config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
  const first = run(text, facts, config);
  assert.is(first.output, expected);
  assert.is(run(first.output, facts, config).output, first.output, 'a second run changes nothing');
  return first.findings;
}

const codes = (findings: Finding[]) => findings.map((f) => f.code);

test('naive whole-context build (P1): go.mod/go.sum copied and downloaded before COPY . ., cache mounts on the build', () => {
  const findings = rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nEXPOSE 8080\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nEXPOSE 8080\nCMD ["./main"]\n',
    moduleFacts(),
  );
  assert.equal(codes(findings), ['dependency-cache/download-added', 'dependency-cache/cache-mounts']);
  assert.ok(findings.every((f) => f.fixed));
  assert.is(findings[0]!.line, 3, 'reported at the source copy');
  assert.not.match(findings[0]!.message, /\{\{/);
});

test('the docs template that already splits go.mod and the download (P2) gets no second download, only the build cache', () => {
  const text = fs.readFileSync(path.join(ROOT, 'test/corpus/02-docs-template-go.Dockerfile'), 'utf8');
  const { output, findings } = run(text, moduleFacts());
  assert.is(output.match(/go mod download/g)?.length, 1);
  assert.is(output, text.replace(/^RUN (.*go build)/m, 'RUN --mount=type=cache,target=/root/.cache/go-build $1'));
  assert.equal(codes(findings), ['dependency-cache/cache-mounts']);
});

test('a build that already mounts a cache is left as its author wrote it', () => {
  const text = 'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod ./\nRUN go mod download\nCOPY *.go ./\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /server .\nCMD ["/server"]\n';
  assert.is(run(text, moduleFacts()).output, text);
});

test('a late go mod download is moved before the source copy, not duplicated', () => {
  const findings = rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\n# fetch dependencies\nRUN go mod download\nRUN go build -o /server .\nCMD ["/server"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\n# fetch dependencies\nRUN go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /server .\nCMD ["/server"]\n',
    moduleFacts(),
  );
  assert.equal(codes(findings), ['dependency-cache/download-moved', 'dependency-cache/cache-mounts']);
});

test('a late download keeps its own text and mounts when moved; the build gets the module cache it fills', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go mod download -x\nRUN go build -o /server .\nCMD ["/server"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download -x\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /server .\nCMD ["/server"]\n',
    moduleFacts(),
  );
});

test('a late download that needs an ENV set after the source copy stays where it is', () => {
  const text = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nENV GOPRIVATE=example.com\nRUN go mod download\nRUN go build -o /server .\nCMD ["/server"]\n';
  const { output, findings } = run(text, moduleFacts());
  assert.is(output, text);
  assert.equal(codes(findings), ['dependency-cache/late-download-kept']);
  assert.match(findings[0]!.message, /the ENV between them may change what it downloads/);
});

test('go mod download && go build in one RUN is not split: unchanged, with a finding', () => {
  const text = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go mod download && go build -o /server .\nCMD ["/server"]\n';
  const { output, findings } = run(text, moduleFacts());
  assert.is(output, text);
  assert.equal(codes(findings), ['dependency-cache/download-in-build-run']);
  assert.is(findings[0]!.fixed, false);
});

test('without go.sum in the context only go.mod is copied', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts({ hasGoSum: false }),
  );
});

test('a go.sum left out by .dockerignore is not copied (the source copy does not have it either)', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts({}, [], { dockerignore: '.git\ngo.sum\n' }),
  );
});

test('vendored modules get no download, with an info finding', () => {
  const text = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n';
  const vendored = run(text, moduleFacts({ vendored: true }));
  assert.is(vendored.output, text.replace('RUN go build', 'RUN --mount=type=cache,target=/root/.cache/go-build go build'));
  assert.equal(codes(vendored.findings), ['dependency-cache/vendored', 'dependency-cache/cache-mounts']);
  assert.is(vendored.findings[0]!.severity, 'info');

  const flag = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -mod=vendor -o main .\nCMD ["./main"]\n';
  const byFlag = run(flag, moduleFacts());
  assert.not.match(byFlag.output, /go mod download/);
  assert.match(byFlag.findings[0]!.message, /-mod=vendor/);
});

test('a local replace target inside the context gets its go.mod and go.sum copied at the same relative path', () => {
  const shared = goModule('shared', { hasGoSum: true });
  rewrites(
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nCOPY shared/go.mod shared/go.sum ./shared/\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /bin/app .\nCMD ["/bin/app"]\n',
    moduleFacts({ replaces: [{ from: 'example.com/shared', to: './shared', local: true, targetDir: 'shared' }] }, [shared]),
  );
});

test('a replace target outside the context: no download, a warning that says why', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n';
  const { output, findings } = run(text, moduleFacts({ replaces: [{ from: 'example.com/lib', to: '../lib', local: true, targetDir: null }] }));
  assert.is(output, text);
  assert.equal(codes(findings), ['dependency-cache/replace-outside-context']);
  assert.is(findings[0]!.severity, 'warning');
  assert.match(findings[0]!.message, /go\.mod `replace example\.com\/lib => \.\.\/lib` points outside the build context/);
});

test('a go.work workspace copies go.work, go.work.sum and every member\'s go.mod', () => {
  const api = goModule('api', { hasGoSum: true });
  const shared = goModule('shared', { hasGoSum: false });
  const facts = moduleFacts(null, [api, shared], { goWork: { path: 'go.work', uses: ['api', 'shared'], hasGoWorkSum: true } });
  rewrites(
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/api ./api\nCMD ["/bin/api"]\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.work go.work.sum ./\nCOPY api/go.mod api/go.sum ./api/\nCOPY shared/go.mod ./shared/\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /bin/api ./api\nCMD ["/bin/api"]\n',
    facts,
  );
});

test('a go.work member outside the context: no download, a warning', () => {
  const facts = moduleFacts({}, [], { goWork: { path: 'go.work', uses: ['', null], hasGoWorkSum: false } });
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nCMD ["/bin/app"]\n';
  const { output, findings } = run(text, facts);
  assert.is(output, text);
  assert.equal(codes(findings), ['dependency-cache/replace-outside-context']);
});

test('the bind-mount split (already optimal multi-stage) is left unchanged', () => {
  const text =
    '# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\n' +
    'RUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=bind,source=go.sum,target=go.sum \\\n    --mount=type=bind,source=go.mod,target=go.mod \\\n    go mod download -x\n' +
    'COPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    CGO_ENABLED=0 go build -o /bin/server .\n\n' +
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /bin/server /bin/server\nENTRYPOINT ["/bin/server"]\n';
  const { output, findings } = run(text, moduleFacts());
  assert.is(output, text);
  assert.equal(findings, []);
});

test('buildkit: false gives plain RUNs without --mount', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
    { ...DEFAULT_CONFIG, buildkit: false },
  );
});

test('a non-root USER in the build stage gets no cache mounts (they are owned by root)', () => {
  rewrites(
    'FROM golang:1.22\nUSER 1000\nWORKDIR /home/app\nCOPY --chown=1000 . .\nRUN go build -o app .\nCMD ["./app"]\n',
    'FROM golang:1.22\nUSER 1000\nWORKDIR /home/app\nCOPY --chown=1000 go.mod go.sum ./\nRUN go mod download\nCOPY --chown=1000 . .\nRUN go build -o app .\nCMD ["./app"]\n',
    moduleFacts(),
  );
});

test('GOMODCACHE and GOCACHE set by ENV are the cache mount targets', () => {
  rewrites(
    'FROM golang:1.22\nENV GOMODCACHE=/cache/mod GOCACHE=/cache/build\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nENV GOMODCACHE=/cache/mod GOCACHE=/cache/build\nWORKDIR /app\nCOPY go.mod go.sum ./\n' +
      'RUN --mount=type=cache,target=/cache/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/cache/mod --mount=type=cache,target=/cache/build go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
});

test('ADD . /app before WORKDIR /app: the copy keeps its destination and the download runs there', () => {
  rewrites(
    'FROM golang:1.22\nADD . /app\nWORKDIR /app\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nCOPY go.mod go.sum /app/\nRUN --mount=type=cache,target=/go/pkg/mod cd /app && go mod download\nADD . /app\nWORKDIR /app\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
});

test('COPY ./ ./ is a whole-context copy too, and its destination is reused as written', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY ./ ./\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY ./ ./\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
});

test('GOPATH mode (no go.mod at all): no download is added, the build gets the build cache, go get -d is not called legacy', () => {
  const findings = rewrites(
    'FROM golang:1.10\nWORKDIR /go/src/app\nCOPY . .\nRUN go get -d -v ./...\nRUN go install -v ./...\nCMD ["app"]\n',
    'FROM golang:1.10\nWORKDIR /go/src/app\nCOPY . .\nRUN go get -d -v ./...\nRUN --mount=type=cache,target=/root/.cache/go-build go install -v ./...\nCMD ["app"]\n',
    { ...moduleFacts(null), mainPackages: [''], unconditionalMainPackages: [''] },
  );
  assert.equal(codes(findings), ['dependency-cache/cache-mounts']);
});

test('a go.mod below the root only (not the module the build runs in) is left alone', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /app .\nCMD ["/app"]\n';
  const { output, findings } = run(text, moduleFacts(null, [goModule('svc')]));
  assert.is(output, text);
  assert.equal(codes(findings), []);
});

test('legacy go get is reported and left as it is; the download still goes before the copy', () => {
  const findings = rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go get -d -v ./...\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN go get -d -v ./...\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
  assert.equal(codes(findings), ['dependency-cache/legacy-go-get', 'dependency-cache/download-added', 'dependency-cache/cache-mounts']);
  assert.is(findings[0]!.fixed, false);
});

test('a CRLF file gets CRLF line endings on the new lines', () => {
  rewrites(
    'FROM golang:1.22\r\nWORKDIR /app\r\nCOPY . .\r\nRUN go build -o main .\r\nCMD ["./main"]\r\n',
    'FROM golang:1.22\r\nWORKDIR /app\r\nCOPY go.mod go.sum ./\r\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\r\nCOPY . .\r\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\r\nCMD ["./main"]\r\n',
    moduleFacts(),
  );
});

test('comments and continuations inside the build RUN stay byte for byte; section comments stay with their instruction', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\n\n# sources\nCOPY . .\n\n# build\nRUN set -eux; \\\n    # static binary  \n    go build \\\n\t-o /server \\\n    ./cmd/server\nCMD ["/server"]\n',
    'FROM golang:1.22\nWORKDIR /app\n\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n# sources\nCOPY . .\n\n# build\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build set -eux; \\\n    # static binary  \n    go build \\\n\t-o /server \\\n    ./cmd/server\nCMD ["/server"]\n',
    moduleFacts(),
  );
});

test('a build RUN that already mounts the build cache only gets the missing module cache', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
});

test('a tool installed with go install pkg@version before the source copy does not hide the split', () => {
  rewrites(
    'FROM golang:1.22\nRUN go install github.com/swaggo/swag/cmd/swag@v1.16.3\nWORKDIR /app\nCOPY . .\nRUN swag init && go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nRUN go install github.com/swaggo/swag/cmd/swag@v1.16.3\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\n' +
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build swag init && go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
});

test('a Go before modules (1.10) ignores go.mod: no download is added, the build cache is still mounted', () => {
  const findings = rewrites(
    'FROM golang:1.10\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.10\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o main .\nCMD ["./main"]\n',
    moduleFacts(),
  );
  assert.equal(codes(findings), ['dependency-cache/no-modules', 'dependency-cache/cache-mounts']);
  assert.is(findings[0]!.message, '`golang:1.10` has Go 1.10, which predates modules (Go 1.11): its builds ignore go.mod, so no `go mod download` was added.');
  // go get is how a Go before modules fetches dependencies: not called legacy there.
  const gopath = run('FROM golang:1.10\nWORKDIR /go/src/app\nCOPY . .\nRUN go get -d -v ./...\nRUN go build -o main .\nCMD ["./main"]\n', moduleFacts());
  assert.not.ok(gopath.findings.some((f) => f.code === 'dependency-cache/legacy-go-get'));
  // Go 1.11 has modules.
  assert.match(run('FROM golang:1.11\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n', moduleFacts()).output, /go mod download/);
});

test('Go 1.11 and 1.12 turn modules off inside $GOPATH/src unless GO111MODULE=on', () => {
  const text = (env: string) => `FROM golang:1.12\n${env}WORKDIR /go/src/app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n`;
  const off = run(text(''), moduleFacts());
  assert.not.match(off.output, /go mod download/);
  assert.equal(codes(off.findings), ['dependency-cache/modules-off-in-gopath', 'dependency-cache/cache-mounts']);
  assert.is(off.findings[0]!.message, '`golang:1.12` has Go 1.12, which turns modules off inside $GOPATH/src (/go/src/app) unless GO111MODULE=on: no `go mod download` was added.');
  assert.match(run(text('ENV GO111MODULE=on\n'), moduleFacts()).output, /go mod download/);
  // GO111MODULE=off turns modules off on every Go: `go mod download` would fail.
  const disabled = run('FROM golang:1.22\nENV GO111MODULE=off\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n', moduleFacts());
  assert.not.match(disabled.output, /go mod download/);
  assert.equal(codes(disabled.findings), ['dependency-cache/modules-disabled', 'dependency-cache/cache-mounts']);
  assert.match(run(text('').replace('golang:1.12', 'golang:1.13'), moduleFacts()).output, /go mod download/);
});

test.run();
