/** static-build: CGO_ENABLED=0, cross-compilation, -trimpath, -ldflags="-s -w", through the real runner. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../src/config.js';
import { emptyFacts, type ContextFacts } from '../src/context/facts.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import type { Finding } from '../src/pass.js';
import { runPasses } from '../src/pipeline/run-passes.js';
import staticBuild from '../passes/static-build.js';

const FACTS: ContextFacts = { ...emptyFacts(), goFiles: ['main.go'], mainPackages: [''] };

function run(text: string, facts: ContextFacts = FACTS, config: ResolvedConfig = DEFAULT_CONFIG): { output: string; findings: Finding[] } {
  const model = parseDockerfile(text);
  const { findings } = runPasses({ model, facts, config, passes: [staticBuild] });
  return { output: model.print(), findings };
}

/** Runs the pass, compares the whole output, and checks that a second run changes nothing. */
function rewrites(text: string, expected: string, facts: ContextFacts = FACTS, config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
  const first = run(text, facts, config);
  assert.is(first.output, expected);
  const second = run(first.output, facts, config);
  assert.is(second.output, first.output, 'a second run changes nothing');
  assert.ok(second.findings.every((f) => !f.fixed), 'a second run fixes nothing');
  return first.findings;
}

const codes = (findings: Finding[]) => findings.map((f) => f.code.replace('static-build/', ''));

/** A build stage and a runtime stage around `build` (the build stage's lines after WORKDIR/COPY). */
function twoStages(build: string, from = 'FROM golang:1.22 AS build', eol = '\n'): string {
  return [from, 'WORKDIR /app', 'COPY . .', build, '', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=build /server /server', 'CMD ["/server"]', ''].join(eol);
}

test('a two-stage build gets CGO_ENABLED=0, TARGETOS/TARGETARCH on the build platform, -trimpath and -ldflags="-s -w"', () => {
  const findings = rewrites(
    twoStages('RUN go build -o /server .'),
    twoStages(
      'ARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
  assert.equal(codes(findings), ['cgo-disabled', 'trimpath', 'strip-symbols', 'cross-compile']);
  assert.ok(findings.every((f) => f.fixed && f.severity === 'info'));
  assert.ok(findings.every((f) => !/\{\{/.test(f.message)));
});

test('a single-stage build is made static but not cross-compiled (the image itself would get the build platform)', () => {
  const findings = rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o main .\nCMD ["./main"]\n',
  );
  assert.equal(codes(findings), ['cgo-disabled', 'trimpath', 'strip-symbols']);
});

test('an explicit GOARCH=arm is kept; only the missing GOOS comes from TARGETOS', () => {
  rewrites(
    twoStages('RUN CGO_ENABLED=0 GOARCH=arm GOARM=7 go build -o /server .'),
    twoStages(
      'ARG TARGETOS\nRUN CGO_ENABLED=0 GOARCH=arm GOARM=7 GOOS=$TARGETOS go build -trimpath -ldflags="-s -w" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('GOOS set by ENV is kept: only GOARCH is added, and an ARG TARGETARCH already declared is not repeated', () => {
  rewrites(
    twoStages('ARG TARGETARCH\nENV GOOS=linux\nRUN go build -o /server .'),
    twoStages(
      'ARG TARGETARCH\nENV GOOS=linux\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('CGO_ENABLED=1 is kept: no CGO_ENABLED=0, no cross-compilation, an info finding with the reason', () => {
  const findings = rewrites(
    twoStages('RUN CGO_ENABLED=1 go build -o /server .'),
    twoStages('RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /server .'),
  );
  assert.equal(codes(findings), ['trimpath', 'strip-symbols', 'cgo-kept']);
  assert.match(findings[2]!.message, /because CGO_ENABLED=1 is set/);
});

test('cgo in the source keeps cgo on and reports the evidence', () => {
  const facts: ContextFacts = { ...FACTS, cgo: { needed: true, reasons: ['import "C" in db/sqlite.go'] } };
  const findings = rewrites(
    twoStages('RUN go build -o /server .'),
    twoStages('RUN go build -trimpath -ldflags="-s -w" -o /server .'),
    facts,
  );
  assert.match(findings.find((f) => f.code.endsWith('cgo-kept'))!.message, /import "C" in db\/sqlite\.go/);
});

test('a C toolchain installed on alpine (apk add build-base) keeps cgo on', () => {
  const text = 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache build-base\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\nFROM alpine:3.20\nCOPY --from=build /server /server\nCMD ["/server"]\n';
  const findings = rewrites(text, text.replace('RUN go build -o', 'RUN go build -trimpath -ldflags="-s -w" -o'));
  assert.match(findings.find((f) => f.code.endsWith('cgo-kept'))!.message, /build-base/);
});

test('ENV CGO_ENABLED=0 already set: no inline duplicate', () => {
  rewrites(
    twoStages('ENV CGO_ENABLED=0\nRUN go build -o /server .'),
    twoStages(
      'ENV CGO_ENABLED=0\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('an existing -ldflags "-X main.version=${VERSION}" is kept and no -s -w is added', () => {
  rewrites(
    twoStages('ARG VERSION=dev\nRUN CGO_ENABLED=0 go build -ldflags "-X main.version=${VERSION}" -o /server .'),
    twoStages(
      'ARG VERSION=dev\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags "-X main.version=${VERSION}" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('stripSymbols: false adds no -ldflags', () => {
  rewrites(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\nCMD ["./main"]\n',
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -o main .\nCMD ["./main"]\n',
    FACTS,
    { ...DEFAULT_CONFIG, stripSymbols: false },
  );
});

test('buildkit: false gives no --platform=$BUILDPLATFORM and no TARGETOS/TARGETARCH', () => {
  rewrites(
    twoStages('RUN go build -o /server .'),
    twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server .'),
    FACTS,
    { ...DEFAULT_CONFIG, buildkit: false },
  );
});

test('platform: false does not cross-compile', () => {
  rewrites(
    twoStages('RUN go build -o /server .'),
    twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server .'),
    FACTS,
    { ...DEFAULT_CONFIG, platform: false },
  );
});

test('a FROM that pins another --platform is not switched, with a finding', () => {
  const findings = rewrites(
    twoStages('RUN go build -o /server .', 'FROM --platform=linux/amd64 golang:1.22 AS build'),
    twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server .', 'FROM --platform=linux/amd64 golang:1.22 AS build'),
  );
  assert.match(findings.find((f) => f.code.endsWith('not-cross-compiled'))!.message, /--platform=linux\/amd64/);
});

test('a CRLF file keeps CRLF, on the edited lines and on the new ARG', () => {
  rewrites(
    twoStages('RUN go build -o /server .', 'FROM golang:1.22 AS build', '\r\n'),
    twoStages(
      'ARG TARGETOS TARGETARCH\r\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
      '\r\n',
    ),
  );
});

test('comments, continuations and other commands inside the build RUN stay byte for byte', () => {
  rewrites(
    twoStages('# build it\nRUN set -eux; \\\n    # the binary  \n    go build \\\n\t-o /server \\\n      . && \\\n    echo done'),
    twoStages(
      'ARG TARGETOS TARGETARCH\n# build it\nRUN set -eux; \\\n    # the binary  \n    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" \\\n\t-o /server \\\n      . && \\\n    echo done',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('sh -c "…" gets single-quoted ldflags so the outer double quotes stay closed', () => {
  rewrites(
    twoStages('RUN sh -c "go build -o /server ."'),
    twoStages(
      `ARG TARGETOS TARGETARCH\nRUN sh -c "CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags='-s -w' -o /server ."`,
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('exec-form RUN: ENV CGO_ENABLED=0 before it, flags as JSON strings, and no cross-compilation', () => {
  const findings = rewrites(
    twoStages('RUN ["go","build","-o","/server","."]'),
    twoStages('ENV CGO_ENABLED=0\nRUN ["go","build","-trimpath","-ldflags=-s -w","-o","/server","."]'),
  );
  assert.equal(codes(findings), ['cgo-disabled', 'trimpath', 'strip-symbols', 'not-cross-compiled']);
  assert.match(findings[0]!.message, /with an ENV before the RUN/);
});

test('a versioned tool install stays native and unflagged; the project build is cross-compiled', () => {
  rewrites(
    twoStages('RUN go install github.com/swaggo/swag/cmd/swag@v1.16.3 && swag init\nRUN go build -o /server .'),
    twoStages(
      'RUN CGO_ENABLED=0 go install github.com/swaggo/swag/cmd/swag@v1.16.3 && swag init\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    ),
  );
});

test('a later RUN that runs the built binary blocks cross-compilation', () => {
  const findings = rewrites(
    twoStages('RUN go build -o /server . && /server --version'),
    twoStages('RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /server . && /server --version'),
  );
  assert.match(findings.find((f) => f.code.endsWith('not-cross-compiled'))!.message, /runs the built binary \/server/);
});

test('sudo before go takes no inline env: ENV instead, and no cross-compilation', () => {
  rewrites(
    twoStages('RUN sudo go build -o /server .'),
    twoStages('ENV CGO_ENABLED=0\nRUN sudo go build -trimpath -ldflags="-s -w" -o /server .'),
  );
});

test('an existing multi-stage build whose author set CGO_ENABLED and -trimpath is left exactly as written', () => {
  const tuned = twoStages('RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -o /server .');
  assert.equal(rewrites(tuned, tuned), []);
});

test('-trimpath needs Go 1.13: an older or unknown toolchain gets none, and a finding says why', () => {
  const digest = `golang@sha256:${'a'.repeat(64)}`;
  for (const [from, why] of [
    ['FROM golang:1.10 AS build', '`golang:1.10` has Go 1.10'],
    ['FROM golang:1.12.17-alpine3.11 AS build', '`golang:1.12.17-alpine3.11` has Go 1.12'],
    ['FROM golang:1.10 AS base\nFROM base AS build', '`golang:1.10` has Go 1.10'],
    ['FROM ubuntu:18.04 AS build', 'the Go version of `ubuntu:18.04` is not known'],
    [`FROM ${digest} AS build`, `the Go version of \`${digest}\` is not known`],
  ]) {
    const { output, findings } = run(twoStages('RUN go build -o /server .', from));
    assert.not.match(output, /-trimpath/, from);
    assert.match(output, /CGO_ENABLED=0 .*go build -ldflags="-s -w" -o \/server/, from);
    const finding = findings.find((f) => f.code === 'static-build/trimpath-unsupported');
    assert.is(finding?.message, `Did not add -trimpath to \`go build -o /server .\`: ${why}, and -trimpath needs Go 1.13 or later.`, from);
  }
});

test('-trimpath is added from Go 1.13 on and for floating tags', () => {
  for (const from of ['FROM golang:1.13 AS build', 'FROM golang:alpine AS build', 'FROM golang AS build', 'FROM golang:1-bookworm AS build', `FROM docker.io/library/golang:1.22@sha256:${'b'.repeat(64)} AS build`]) {
    const { output, findings } = run(twoStages('RUN go build -o /server .', from));
    assert.match(output, /go build -trimpath -ldflags="-s -w" -o \/server/, from);
    assert.not.ok(findings.some((f) => f.code === 'static-build/trimpath-unsupported'), from);
  }
});

test.run();
