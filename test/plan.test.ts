/** The build plan: what a Dockerfile builds, where each binary lands, and what it starts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import { findBuildPlan, goMinorVersion, type BuildPlan, type GoBuild } from '../src/analysis/plan.js';

function plan(text: string, modulePath: string | null = null): BuildPlan {
  return findBuildPlan(parseDockerfile(text), modulePath);
}

function codes(p: BuildPlan): string[] {
  return p.uncertain.map((u) => u.code);
}

function only(p: BuildPlan): GoBuild {
  assert.is(p.builds.length, 1, `expected one build, got ${p.builds.map((b) => b.command).join(' | ')}`);
  return p.builds[0]!;
}

test('P1 naive build: ./server after go build -o server resolves against WORKDIR to the built binary', () => {
  const p = plan(
    'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n',
  );
  assert.is(p.kind, 'go-single-stage');
  const build = only(p);
  assert.is(build.tool, 'build');
  assert.is(build.output, 'server');
  assert.equal(build.packages, ['.']);
  assert.equal(build.args, ['-o', 'server']);
  assert.is(build.binaryPath, '/app/server');
  assert.is(build.workdir, '/app');
  assert.is(p.start.cmd?.form, 'exec');
  assert.is(p.start.program, './server');
  assert.is(p.start.programPath, '/app/server');
  assert.is(p.start.build, build);
  assert.is(p.start.needsShell, false);
  assert.is(p.buildStage, p.stages[0]);
  assert.is(p.finalStage, p.stages[0]);
  assert.is(p.workdir, '/app');
  assert.equal(p.uncertain, []);
});

test('the span covers the whole simple command with its inline env, and goWordOffset points at go', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /src\nRUN apk add git && \\\n    CGO_ENABLED=0 go build -o /bin/app . && echo done\n');
  const build = only(p);
  assert.is(build.instr.text.slice(build.span[0], build.span[1]), 'CGO_ENABLED=0 go build -o /bin/app .');
  assert.is(build.command, 'CGO_ENABLED=0 go build -o /bin/app .');
  assert.is(build.instr.text.slice(build.goWordOffset, build.goWordOffset + 9), 'go build ');
});

test('go build of the module root is named after the module path, and is uncertain without it', () => {
  const text = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build\nCMD ["./api"]\n';
  const known = plan(text, 'github.com/acme/api/v2');
  assert.is(only(known).binaryPath, '/app/api');
  assert.is(known.start.build, known.builds[0]);

  const unknown = plan(text);
  assert.is(only(unknown).binaryPath, null);
  assert.is(only(unknown).unresolvedReason, 'module-path-unknown');
  assert.ok(codes(unknown).includes('unresolved-binary'));
});

test('P4 cmd target: go build ./cmd/api without -o names the binary after the package directory', () => {
  const p = plan('FROM golang:1.21-alpine\nWORKDIR /src\nCOPY . .\nRUN go build ./cmd/api\nCMD ["/src/api"]\n');
  assert.is(only(p).binaryPath, '/src/api');
  assert.is(p.start.build, p.builds[0]);
});

test('P4 named file: go build main.go writes ./main', () => {
  const p = plan('FROM golang:1.20\nWORKDIR /go/src/app\nCOPY main.go .\nRUN go build main.go app.go\nCMD ["./main"]\n');
  assert.equal(only(p).packages, ['main.go', 'app.go']);
  assert.is(only(p).binaryPath, '/go/src/app/main');
  assert.is(p.start.programPath, '/go/src/app/main');
  assert.is(p.start.build, p.builds[0]);
});

test('P5 GOPATH mode: go install in /go/src/app puts /go/bin/app on PATH for CMD ["app"]', () => {
  const p = plan('FROM golang:1.11-alpine\nCOPY . /go/src/app\nWORKDIR /go/src/app\nRUN go get -v -d\nRUN go install\nCMD ["app"]\n');
  const build = only(p);
  assert.is(build.tool, 'install');
  assert.is(build.binaryPath, '/go/bin/app');
  assert.is(p.start.program, 'app');
  assert.is(p.start.programPath, '/go/bin/app');
  assert.is(p.start.build, build);
  assert.equal(p.uncertain, []);
});

test('P4 cd into the package: cd cmd/x && go build -o /bin/x builds in the package dir', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN cd cmd/x && go build -o /bin/x\nENTRYPOINT ["/bin/x"]\n');
  const build = only(p);
  assert.is(build.workdir, '/src/cmd/x');
  assert.is(build.binaryPath, '/bin/x');
  assert.is(p.start.entrypoint?.keyword, 'ENTRYPOINT');
  assert.is(p.start.build, build);
  assert.is(p.workdirAt.get(build.instr.id), '/src');
});

test('-o into an existing directory appends the package name', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin ./cmd/svc && go build -o out/ ./cmd/cli\n');
  assert.equal(
    p.builds.map((b) => b.binaryPath),
    ['/usr/local/bin/svc', '/src/out/cli'],
  );
});

test('sh -c with a quoted script is read as the commands inside it', () => {
  const p = plan("FROM golang:1.22\nWORKDIR /src\nRUN sh -c 'cd cmd/x && go build -o /bin/x'\n");
  const build = only(p);
  assert.is(build.workdir, '/src/cmd/x');
  assert.is(build.binaryPath, '/bin/x');
  assert.is(build.command, 'go build -o /bin/x');
});

test('-C, ${VAR:-default} in -o, redirections and a trailing # comment are read like the shell and go do', () => {
  const p = plan('FROM golang:1.22\nARG OUT\nWORKDIR /src\nRUN go build -C ./svc -o ${OUT:-bin}/svc . > build.log 2>&1 # not a package\n');
  const build = only(p);
  assert.equal(build.args, ['-C', './svc', '-o', '${OUT:-bin}/svc']);
  assert.equal(build.packages, ['.']);
  assert.is(build.binaryPath, '/src/svc/bin/svc');
});

test('a go build inside if/then/fi is found', () => {
  const p = plan('FROM golang:1.22\nRUN if [ -f go.mod ]; then go build -o /app .; else exit 1; fi\n');
  assert.is(only(p).binaryPath, '/app');
});

test('GOBIN decides where go install writes', () => {
  const p = plan('FROM golang:1.22\nENV GOBIN=/usr/local/bin\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/tool\nCMD ["tool"]\n');
  assert.is(only(p).binaryPath, '/usr/local/bin/tool');
  assert.is(p.start.programPath, '/usr/local/bin/tool');
});

test('COPY --from of a directory carries the binaries inside it', () => {
  const p = plan(
    'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go build -o /out/api ./cmd/api\n' +
      'FROM alpine:3.19\nCOPY --from=0 /out /app\nWORKDIR /app\nCMD ["./api"]\n',
  );
  assert.is(p.start.programPath, '/app/api');
  assert.is(p.start.build, p.builds[0]);
  assert.equal(p.uncertain, []);
});

test('P6 two binaries: the CMD picks one, found through PATH', () => {
  const p = plan(
    'FROM golang:alpine\nWORKDIR WORKDIR /go/src/app\nADD . .\n' +
      'RUN go build -o /bin/thangmo ./cmd/thangmo && go build -o /bin/worker ./cmd/worker\nCMD ["worker"]\n',
  );
  assert.is(p.builds.length, 2);
  assert.is(p.workdir, '/go/WORKDIR /go/src/app');
  assert.is(p.start.programPath, '/bin/worker');
  assert.is(p.start.build, p.builds[1]);
  assert.equal(p.uncertain, []);
});

test('P11 ARG-driven FROM substitutes global ARG defaults, also behind a registry host:port', () => {
  const p = plan(
    'ARG GO_VERSION=1.22\nARG REGISTRY="docker.oa.com:8080/library"\n' +
      'FROM ${REGISTRY}/golang:${GO_VERSION}-alpine AS build\nRUN go build -o /app .\nCMD ["/app"]\n',
  );
  assert.equal(p.baseImages, ['docker.oa.com:8080/library/golang:1.22-alpine']);
  assert.is(p.kind, 'go-single-stage');
  assert.is(p.workdir, '/go');
  assert.is(only(p).binaryPath, '/app');
});

test('an image named golang only in its tag or registry is not a golang image', () => {
  const p = plan('FROM localhost:5000/golang-tools/python:golang\nCMD ["python"]\n');
  assert.is(p.kind, 'not-go');
});

test('P11 FROM $GO_IMG with no default: base unknown, from-variable and unresolved WORKDIR', () => {
  const p = plan('ARG GO_IMG\nFROM $GO_IMG\nARG CWD\nWORKDIR $CWD\nCOPY . .\nRUN go build -o stock-miner .\nCMD ["./stock-miner"]\n');
  assert.equal(p.baseImages, [null]);
  assert.is(p.kind, 'go-single-stage');
  const fromVariable = p.uncertain.find((u) => u.code === 'from-variable');
  assert.equal(fromVariable?.data, { image: '$GO_IMG', variable: 'GO_IMG', stage: 0 });
  assert.ok(codes(p).includes('unresolved-workdir'));
  assert.is(only(p).binaryPath, null);
  assert.is(p.start.build, null);
});

test('an ARG redeclared in the stage takes its global default for WORKDIR', () => {
  const p = plan('ARG CWD=/srv/app\nFROM golang:1.22\nARG CWD\nWORKDIR $CWD\nRUN go build -o app .\nCMD ["./app"]\n');
  assert.is(p.workdir, '/srv/app');
  assert.is(p.start.build, p.builds[0]);
  assert.equal(p.uncertain, []);
});

test('P14 RUN make build with no go build is a make-build uncertainty', () => {
  const p = plan('FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN make build\nCMD ["./bin/app"]\n');
  assert.equal(p.builds, []);
  const make = p.uncertain.find((u) => u.code === 'make-build');
  assert.equal(make?.data, { command: 'make build', stage: 0 });
  assert.is(make?.at, p.stages[0]!.body[2]);
  assert.ok(codes(p).includes('unresolved-binary'));
});

test('P14 a build script with no go build is a script-build uncertainty', () => {
  const p = plan('FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN chmod +x build.sh && sh ./build.sh\nCMD ["./app"]\n');
  const script = p.uncertain.find((u) => u.code === 'script-build');
  assert.is(script?.data.script, './build.sh');
});

test('P14 CMD go run main.go is a go-run-start uncertainty, RUN go run a go-run-build', () => {
  const p = plan('FROM golang:1.20\nWORKDIR /app\nCOPY . .\nRUN go run ./tools/gen\nCMD go run main.go\n');
  assert.equal(codes(p), ['go-run-build', 'go-run-start']);
  assert.equal(p.uncertain[1]!.data, { command: 'go run main.go' });
  assert.is(p.start.needsShell, true);
  assert.is(p.start.build, null);
});

test('Windows images are reported, by base image and by escape=` with C:\\ paths', () => {
  const nano = plan(
    '# escape=`\nFROM golang:1.17.0 AS builder\nWORKDIR C:\\src\nCOPY . .\nRUN go build\n' +
      'FROM mcr.microsoft.com/windows/nanoserver:1809\nCOPY --from=builder C:\\src\\go-info.exe C:\\app\\\nCMD ["C:\\\\app\\\\go-info.exe"]\n',
  );
  assert.equal(nano.uncertain[0]!.data, { image: 'mcr.microsoft.com/windows/nanoserver:1809' });
  assert.is(nano.uncertain[0]!.code, 'windows-image');

  const paths = plan('# escape=`\nFROM golang:1.22\nWORKDIR C:\\gopath\\src\\app\nRUN go build -o app.exe .\n');
  assert.ok(codes(paths).includes('windows-image'));

  const linux = plan('# escape=`\nFROM golang:1.22\nRUN echo C:\\not\\a\\path\nRUN go build -o /app .\nCMD ["/app"]\n');
  assert.not.ok(codes(linux).includes('windows-image'));
});

test('P13 already multi-stage: builds come from the builder, the start from the final stage via COPY --from', () => {
  const p = plan(
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n' +
      'RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n' +
      'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /usr/local/bin/\n' +
      'USER nonroot\nENTRYPOINT ["app"]\n',
  );
  assert.is(p.kind, 'go-multi-stage');
  assert.is(p.buildStage, p.stages[0]);
  assert.is(p.finalStage, p.stages[1]);
  assert.is(only(p).binaryPath, '/out/app');
  assert.is(p.start.programPath, '/usr/local/bin/app');
  assert.is(p.start.build, p.builds[0]);
  assert.is(p.workdir, '/');
  assert.equal(p.uncertain, []);
});

test('P19 multi-stage that copies and runs a file the builder never built is unknown-multi-stage', () => {
  const p = plan(
    'FROM golang:1-alpine AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o main .\n' +
      'FROM alpine\nCOPY --from=build /app/first /first\nCMD ["/first"]\n',
  );
  assert.equal(codes(p), ['unknown-multi-stage', 'unresolved-binary']);
  assert.equal(p.uncertain[0]!.data, { finalStage: '1', buildStage: 'build' });
  assert.equal(p.uncertain[1]!.data, { program: '/first', programPath: '/first', reason: 'not-built' });
});

test('COPY --from a stage name that does not exist is broken-copy-from; an image reference is not', () => {
  const p = plan(
    'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine\n' +
      'COPY --from=builder /app /app\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\nCMD ["/app"]\n',
  );
  const broken = p.uncertain.filter((u) => u.code === 'broken-copy-from');
  assert.equal(broken.map((u) => u.data), [{ from: 'builder', stages: 'build' }]);
});

test('P10 ENV CGO_ENABLED=0 and inline GOOS=linux both reach the build env; only GOOS is inline', () => {
  const p = plan('FROM golang:1.22\nENV CGO_ENABLED=0\nWORKDIR /app\nCOPY . .\nRUN GOOS=linux go build -o app .\n');
  const build = only(p);
  assert.equal(build.inlineEnv, { GOOS: 'linux' });
  assert.is(build.env.CGO_ENABLED, '0');
  assert.is(build.env.GOOS, 'linux');
});

test('env X=1 go build and export X=1 before it count as the build env', () => {
  const p = plan('FROM golang:1.22\nRUN export GOFLAGS=-mod=vendor && env CGO_ENABLED=0 GOARCH=arm go build -o /x .\n');
  const build = only(p);
  assert.equal(build.inlineEnv, { CGO_ENABLED: '0', GOARCH: 'arm' });
  assert.is(build.env.GOFLAGS, '-mod=vendor');
  assert.is(build.instr.text.slice(build.span[0], build.span[1]), 'env CGO_ENABLED=0 GOARCH=arm go build -o /x .');
});

test('P18 legacy ENV GOPATH /go form sets GOPATH, and go install lands in its bin', () => {
  const p = plan('FROM golang:1.16-alpine\nENV GOPATH /gopath\nENV  APP_HOME   /gopath/src/app\nWORKDIR $APP_HOME\nCOPY . .\nRUN go install .\nCMD ["app"]\n');
  const build = only(p);
  assert.is(build.env.GOPATH, '/gopath');
  assert.is(p.workdir, '/gopath/src/app');
  assert.is(build.binaryPath, '/gopath/bin/app');
  assert.is(p.start.programPath, null, 'PATH still has /go/bin, not /gopath/bin');
  assert.equal(p.uncertain.map((u) => u.data.reason), ['not-on-path']);
});

test('P18 exec-form RUN ["go","build",…] is a build; its span is the JSON array', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN ["go","build","-o","app","."]\nCMD ["/app/app"]\n');
  const build = only(p);
  assert.is(build.form, 'exec');
  assert.is(build.binaryPath, '/app/app');
  assert.is(build.instr.text.slice(build.span[0], build.span[1]), '["go","build","-o","app","."]');
  assert.is(build.instr.text.slice(build.goWordOffset, build.goWordOffset + 4), '"go"');
  assert.is(p.start.build, build);
});

test('P5 relative WORKDIR chain resolves each step against the previous one', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /srv\nWORKDIR project\nWORKDIR ./svc/../api\nRUN go build -o bin/api .\nCMD ["bin/api"]\n');
  const workdirs = p.stages[0]!.body.map((i) => p.workdirAt.get(i.id));
  assert.equal(workdirs, ['/srv', '/srv/project', '/srv/project/api', '/srv/project/api', '/srv/project/api']);
  assert.is(p.workdirAt.get(p.stages[0]!.from.id), '/go');
  assert.is(p.start.programPath, '/srv/project/api/bin/api');
  assert.is(p.start.build, p.builds[0]);
});

test('P17 shell-form CMD with arguments: argv is the raw string, words are split, a shell is needed', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ./server -config configs/app.yml\n');
  assert.is(p.start.cmd?.form, 'shell');
  assert.equal(p.start.cmd?.argv, ['./server -config configs/app.yml']);
  assert.equal(p.start.cmd?.words, ['./server', '-config', 'configs/app.yml']);
  assert.is(p.start.needsShell, true);
  assert.is(p.start.program, './server');
  assert.is(p.start.build, p.builds[0]);
});

test('a malformed exec-form CMD is shell form, as in Docker', () => {
  const p = plan("FROM golang:1.22\nWORKDIR /app\nRUN go build -o server .\nCMD ['./server']\n");
  assert.is(p.start.cmd?.form, 'shell');
  assert.is(p.start.build, null);
  assert.is(p.uncertain.find((u) => u.code === 'unresolved-binary')?.data.reason, 'malformed-exec-form');
});

test('$VAR in exec-form CMD is never expanded', () => {
  const p = plan('FROM golang:1.22\nENV SERVICE=api\nRUN go build -o /bin/api .\nCMD ["/bin/$SERVICE"]\n');
  assert.is(p.start.build, null);
  assert.is(p.uncertain[0]!.data.reason, 'variable-in-exec-form');
  const shell = plan('FROM golang:1.22\nENV SERVICE=api\nRUN go build -o /bin/api .\nCMD /bin/$SERVICE\n');
  assert.is(shell.start.build, shell.builds[0]);
});

test('an entrypoint script or init wrapper starts the CMD binary', () => {
  const script = plan(
    'FROM golang:1.22\nWORKDIR /app\nRUN go build -o server .\nENTRYPOINT ["./entrypoint.sh"]\nCMD ["./server"]\n',
  );
  assert.is(script.start.program, './server');
  assert.is(script.start.build, script.builds[0]);
  assert.is(script.start.needsShell, true);

  const tini = plan('FROM golang:1.22\nRUN go build -o /server .\nENTRYPOINT ["tini", "--"]\nCMD ["/server"]\n');
  assert.is(tini.start.build, tini.builds[0]);
  assert.is(tini.start.needsShell, false);
});

test('ENTRYPOINT resets a CMD inherited from the parent stage but keeps one from its own stage', () => {
  const p = plan(
    'FROM golang:1.22 AS base\nRUN go build -o /server .\nCMD ["/server"]\n' +
      'FROM base\nENTRYPOINT ["/server", "-v"]\n',
  );
  assert.is(p.start.cmd, null);
  assert.is(p.start.entrypoint?.argv[0], '/server');
  assert.is(p.start.build, p.builds[0]);

  const same = plan('FROM golang:1.22\nCMD ["--port", "80"]\nRUN go build -o /server .\nENTRYPOINT ["/server"]\n');
  assert.equal(same.start.cmd?.argv, ['--port', '80']);
});

test('a shell CMD that runs two built binaries has multiple start candidates', () => {
  const p = plan(
    'FROM golang:1.22\nWORKDIR /app\nRUN go build -o migrate ./cmd/migrate && go build -o server ./cmd/server\n' +
      'CMD ./migrate up && exec ./server\n',
  );
  assert.equal(codes(p), ['multiple-start-candidates']);
  assert.equal(p.uncertain[0]!.data, { programs: './migrate, ./server' });
  assert.is(p.start.program, './server');
});

test('no CMD or ENTRYPOINT in a Go image is no-start', () => {
  const p = plan('FROM golang:1.22\nRUN go install github.com/air-verse/air@latest\n');
  assert.is(only(p).versioned, true);
  assert.is(only(p).binaryPath, '/go/bin/air');
  assert.equal(codes(p), ['no-start']);
});

test('a heredoc RUN that runs go build is opaque-build', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /app\nRUN <<EOF\ngo build -o /bin/app .\nEOF\nCMD ["/bin/app"]\n');
  assert.equal(p.builds, []);
  assert.equal(codes(p), ['opaque-build', 'unresolved-binary']);
});

test('go build ./... produces no single binary', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /app\nRUN go build ./... && go build -o /bin/app .\nCMD ["/bin/app"]\n');
  assert.is(p.builds[0]!.binaryPath, null);
  assert.is(p.builds[0]!.unresolvedReason, 'package-pattern');
  assert.is(p.start.build, p.builds[1]);
  assert.equal(p.uncertain.map((u) => u.data.reason), ['package-pattern']);
});

test('P12 RUN --mount flags and a dangling continuation do not disturb the command', () => {
  const p = plan('FROM golang:1.22\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache/go-build \\\n  go build -o /app . \\\n\n');
  assert.is(only(p).binaryPath, '/app');
  assert.equal(only(p).packages, ['.']);
});

test('P18 lowercase keywords are read like upper case', () => {
  const p = plan('from golang:1.22-alpine as build\nworkdir /app\ncopy . .\nrun go build -o /out/api ./cmd/api\n' +
    'from alpine:3.19\ncopy --from=build /out/api /api\ncmd ["/api"]\n');
  assert.is(p.kind, 'go-multi-stage');
  assert.is(only(p).binaryPath, '/out/api');
  assert.is(p.start.build, p.builds[0]);
  assert.is(p.workdirAt.get(p.builds[0]!.instr.id), '/app');
});

test('P15 a non-Go Dockerfile is not-go and reports nothing', () => {
  const p = plan('FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n');
  assert.is(p.kind, 'not-go');
  assert.equal(p.builds, []);
  assert.is(p.buildStage, null);
  assert.equal(p.uncertain, []);
});

test('go build in a non-golang image still makes it Go', () => {
  const p = plan('FROM ubuntu:22.04\nRUN apt-get install -y golang\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/bin/app .\nCMD ["app"]\n');
  assert.is(p.kind, 'go-single-stage');
  assert.is(p.start.programPath, '/usr/bin/app');
});

// ── `./...` patterns, matched against the context's main packages (runner.ts: goPackages).

const PACKAGES = { mainPackages: ['', 'cmd/api', 'cmd/worker', 'tools/gen', 'plugins/x'], nestedModules: ['plugins'], mayBeSkipped: (_dir: string) => false };

function patternPlan(run: string, packages: typeof PACKAGES | null = PACKAGES, copy = 'COPY . .', modulePath: string | null = 'example.com/shop/v2'): BuildPlan {
  return findBuildPlan(parseDockerfile(`FROM golang:1.22\nWORKDIR /src\n${copy}\n${run}\nCMD ["api"]\n`), modulePath, packages);
}

test('go install ./... installs every main package of the main module, not those of nested modules', () => {
  const p = patternPlan('RUN go install ./...');
  const build = only(p);
  // The root package is named after the module path, without its /v2 suffix.
  assert.equal(build.binaryPaths, ['/go/bin/shop', '/go/bin/api', '/go/bin/worker', '/go/bin/gen']);
  assert.is(build.unresolvedReason, null);
  assert.is(build.binaryPath, null, 'several binaries: no single one');
  assert.is(p.start.programPath, '/go/bin/api');
  assert.is(p.start.build, build);
  assert.equal(codes(p), []);
});

test('./cmd/... matches the packages below cmd/, beside plain package arguments', () => {
  const build = only(patternPlan('RUN go install ./cmd/... ./tools/gen'));
  assert.equal(build.binaryPaths, ['/go/bin/api', '/go/bin/worker', '/go/bin/gen']);
  assert.is(build.unresolvedReason, null);
});

test('go build -o dir/ ./... writes every main package into dir; go build ./... alone writes nothing known', () => {
  assert.equal(only(patternPlan('RUN go build -o /out/ ./cmd/...')).binaryPaths, ['/out/api', '/out/worker']);
  assert.is(only(patternPlan('RUN go build ./...')).unresolvedReason, 'package-pattern');
});

test('./... stays unresolved when the packages are not certain', () => {
  const cases: [string, ReturnType<typeof patternPlan>][] = [
    ['no facts (sources truncated, or a go.work)', patternPlan('RUN go install ./...', null)],
    ['no module path, outside $GOPATH/src', patternPlan('RUN go install ./...', PACKAGES, 'COPY . .', null)],
    ['only part of the context copied', patternPlan('RUN go install ./...', PACKAGES, 'COPY go.mod ./\nCOPY cmd/ cmd/')],
    ['run inside a nested module', patternPlan('RUN cd plugins && go install ./...')],
    ['a pattern outside the copied context', patternPlan('RUN go install ./../...')],
    ['a wildcard inside an element', patternPlan('RUN go install ./cmd/a...')],
    ['two main packages of one name', patternPlan('RUN go install ./...', { ...PACKAGES, mainPackages: ['cmd/api', 'legacy/api'] })],
    ['a matched package a build may skip', patternPlan('RUN go install ./cmd/...', { ...PACKAGES, mayBeSkipped: (dir: string) => dir === 'cmd/worker' })],
  ];
  for (const [why, p] of cases) {
    assert.is(only(p).unresolvedReason, 'package-pattern', why);
    assert.equal(only(p).binaryPaths, [], why);
  }
});

test('GOPATH mode: ./... below $GOPATH/src names each package after its directory', () => {
  const gopath = (workdir: string, mains: string[]) =>
    findBuildPlan(
      parseDockerfile(`FROM golang:1.10\nWORKDIR ${workdir}\nCOPY . .\nRUN go get -d -v ./...\nRUN go install -v ./...\nCMD ["app"]\n`),
      null,
      { mainPackages: mains, nestedModules: [], mayBeSkipped: () => false },
    );
  const p = gopath('/go/src/app', ['', 'cmd/tool']);
  assert.equal(p.builds.map((b) => b.binaryPaths), [['/go/bin/app', '/go/bin/tool']]);
  assert.is(p.start.programPath, '/go/bin/app');
  // The /vN rule is module mode's; in GOPATH mode a directory v2 names its binary v2: not guessed.
  assert.is(gopath('/go/src/app', ['', 'v2']).builds[0]!.unresolvedReason, 'package-pattern');
  assert.is(gopath('/go/src', ['']).builds[0]!.unresolvedReason, 'package-pattern');
});

test('an uncertain package outside the pattern does not matter', () => {
  const build = only(patternPlan('RUN go install ./cmd/...', { ...PACKAGES, mayBeSkipped: (dir: string) => dir === 'tools/gen' }));
  assert.equal(build.binaryPaths, ['/go/bin/api', '/go/bin/worker']);
});

test('a package list with one unknown name is not all the binaries, though the known ones locate the start', () => {
  // Without a module path the root package's name is unknown.
  const p = plan('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go install ./cmd/api .\nCMD ["api"]\n');
  const build = only(p);
  assert.equal(build.binaryPaths, ['/go/bin/api']);
  assert.is(build.binaryPath, null);
  assert.is(build.unresolvedReason, 'module-path-unknown');
  assert.is(p.start.build, build);
});

test('goMinorVersion reads the Go release from the golang tag at the root of the stage chain', () => {
  const minor = (from: string) => {
    const p = plan(`${from}\nFROM build AS final\nRUN go build -o /app .\n`);
    return goMinorVersion(p, p.stages[1]!);
  };
  assert.is(minor('FROM golang:1.10 AS build'), 10);
  assert.is(minor('FROM golang:1.21.5-alpine3.19 AS build'), 21);
  assert.is(minor('FROM registry.example.com:5000/library/golang:1.9 AS build'), 9);
  assert.is(minor('FROM golang AS build'), 'current');
  assert.is(minor('FROM golang:alpine AS build'), 'current');
  assert.is(minor('FROM golang:1 AS build'), 'current');
  assert.is(minor(`FROM golang:1.22@sha256:${'c'.repeat(64)} AS build`), 22);
  assert.is(minor(`FROM golang@sha256:${'c'.repeat(64)} AS build`), null);
  assert.is(minor('FROM ubuntu:22.04 AS build'), null);
  assert.is(minor('ARG GO=1.12\nFROM golang:${GO} AS build'), 12);
});

test('a file command after the build that may remove, move or overwrite a binary makes the plan uncertain', () => {
  const touched = (run: string, workdir = '/app') =>
    codes(plan(`FROM golang:1.22\nWORKDIR ${workdir}\nCOPY . .\n${run}\nCMD ["/app/server"]\n`, 'example.com/app')).includes('binary-touched');
  // Untouched: other paths, other names, a removal before the build.
  assert.not.ok(touched('RUN go build -o /app/server . && rm -rf /src /root/.cache'));
  assert.not.ok(touched('RUN go build -o server . && rm -f *.go go.sum'));
  assert.not.ok(touched('RUN go build -o /app/server . && rm -rf /app/tmp/* /app/*.txt'));
  assert.not.ok(touched('RUN rm -rf /app/* && go build -o /app/server .'));
  // Touched: the binary, a directory holding it, a glob that matches it, a move, find -delete, an unknown path.
  assert.ok(touched('RUN go build -o /app/server . && rm /app/server'));
  assert.ok(touched('RUN go build -o server . && rm -rf /app'));
  assert.ok(touched('RUN go build -o server . && rm -rf *'));
  assert.ok(touched('RUN go build -o server . && rm -f serv?r'));
  assert.ok(touched('RUN go build -o /app/server . && mv /app/server /usr/local/bin/'));
  assert.ok(touched('RUN go build -o /app/server . && mv /tmp/other /app/server'));
  assert.ok(touched('RUN go build -o /app/server . && find . -name "*.go" -delete'));
  assert.ok(touched('RUN go build -o /app/server .\nRUN rm -rf "$CLEANUP"'));
  assert.ok(touched('RUN go install ./cmd/server && go clean -i ./...'));
  assert.not.ok(touched('RUN go build -o /app/server . && go clean -cache'));
});

test('the binary of a package without -o is named after the module path only where go reads go.mod', () => {
  const name = (from: string, workdir: string, env = '') =>
    only(plan(`FROM ${from}\n${env}WORKDIR ${workdir}\nCOPY . .\nRUN go build\nCMD ["./x"]\n`, 'example.com/shop/v2')).binaryPaths;
  assert.equal(name('golang:1.22', '/go/src/app'), ['/go/src/app/shop']);
  assert.equal(name('golang:1.13', '/go/src/app'), ['/go/src/app/shop']);
  assert.equal(name('golang:1.12', '/src/app'), ['/src/app/shop']);
  // GOPATH mode: a Go before modules, Go 1.11/1.12 inside $GOPATH/src, or GO111MODULE=off.
  assert.equal(name('golang:1.10', '/go/src/app'), ['/go/src/app/app']);
  assert.equal(name('golang:1.12-alpine', '/go/src/app'), ['/go/src/app/app']);
  assert.equal(name('golang:1.22', '/go/src/app', 'ENV GO111MODULE=off\n'), ['/go/src/app/app']);
  assert.equal(name('golang:1.12', '/go/src/app', 'ENV GO111MODULE=on\n'), ['/go/src/app/shop']);
  // Outside $GOPATH/src with modules off there is no import path to name it by.
  assert.equal(name('golang:1.10', '/src/app'), []);
  // GOPATH mode names github.com/acme/v2 `v2`, not `acme` as module mode would: not guessed.
  assert.equal(name('golang:1.10', '/go/src/github.com/acme/v2'), []);
});

test.run();
