/** The CLI contract (DESIGN §6) in real temporary directories, through the real binary. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileAtomic } from '../src/write.js';
import { ROOT } from './helpers.js';

const CLI = path.join(ROOT, 'dist', 'bundle', 'cli.js');

const NAIVE = `FROM golang:1.22
WORKDIR /app
COPY . .
RUN go build -o server .
EXPOSE 8080
CMD ["./server"]
`;
const GO_MOD = 'module example.com/hello\n\ngo 1.22\n';
const MAIN_GO = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockopt-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function run(cwd: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

test('prints a unified diff of the Dockerfile and the new .dockerignore, exit 0', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const r = run(dir, ['rewrite', 'Dockerfile']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n/m);
  assert.match(r.stdout, /^\+FROM gcr\.io\/distroless\/static-debian12:nonroot$/m);
  assert.match(r.stdout, /^--- \/dev\/null\n\+\+\+ b\/\.dockerignore$/m);
  assert.not.match(r.stdout, /\x1b\[/, 'no colour when stdout is not a TTY');
  assert.is(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), NAIVE, 'a diff run writes nothing');
});

test('the unbundled CLI (dist/src/cli.js, what tsc builds) prints what the bundle prints', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const bundled = run(dir, ['rewrite', '-f', 'json', 'Dockerfile']);
  const unbundled = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli.js'), 'rewrite', '-f', 'json', 'Dockerfile'], { cwd: dir, encoding: 'utf8' });
  assert.is(unbundled.status, bundled.code, unbundled.stderr);
  assert.ok(bundled.stdout.includes('"status": "changed"'), bundled.stdout.slice(0, 200));
  assert.is(unbundled.stdout, bundled.stdout);
});

test('the bundle runs from the V8 code cache the build made for it', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const r = run(dir, ['rewrite', 'Dockerfile'], { DOCKOPT_CODE_CACHE: 'check' });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /^dockopt: code cache accepted$/m);
});

test('a corrupt or stale code cache is not used, and the CLI works without it', () => {
  // A copy of the package's runnable part: package.json (for --version) and dist/bundle.
  const pkg = fs.mkdtempSync(path.join(os.tmpdir(), 'dockopt-pkg-'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
  fs.cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(pkg, 'dist', 'bundle'), { recursive: true });
  const cli = path.join(pkg, 'dist', 'bundle', 'cli.js');
  const cache = path.join(pkg, 'dist', 'bundle', 'dockopt.cjs.v8cache');
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const runCopy = () =>
    spawnSync(process.execPath, [cli, 'rewrite', 'Dockerfile'], { cwd: dir, encoding: 'utf8', env: { ...process.env, DOCKOPT_CODE_CACHE: 'check' } });
  const expected = run(dir, ['rewrite', 'Dockerfile']).stdout;

  fs.writeFileSync(cache, Buffer.alloc(4096, 7));
  let r = runCopy();
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /^dockopt: code cache rejected$/m);
  assert.is(r.stdout, expected);

  // The bundle is newer than its cache: rebuilt or edited since the cache was made.
  fs.copyFileSync(path.join(ROOT, 'dist', 'bundle', 'dockopt.cjs.v8cache'), cache);
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(path.join(pkg, 'dist', 'bundle', 'dockopt.cjs'), later, later);
  r = runCopy();
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /^dockopt: code cache absent or stale$/m);
  assert.is(r.stdout, expected);
});

test('an .mjs config is loaded by the bundled CLI (dynamic import outside the cached code)', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO, '.dockoptrc.mjs': 'export default { runtime: "debian" };\n' });
  const r = run(dir, ['rewrite', 'Dockerfile']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\+FROM debian:bookworm-slim$/m);
  const bad = project({ Dockerfile: NAIVE, '.dockoptrc.mjs': 'export default { runtim: "debian" };\n' });
  const e = run(bad, ['rewrite', 'Dockerfile']);
  assert.is(e.code, 2);
  assert.match(e.stderr, /\.dockoptrc\.mjs: invalid config key "runtim"/);
});

test('--color forces ANSI colours and --no-color wins over it', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  assert.match(run(dir, ['rewrite', '--color']).stdout, /\x1b\[32m\+FROM/);
  assert.not.match(run(dir, ['rewrite', '--color', '--no-color']).stdout, /\x1b\[/);
});

test('--write rewrites both files and a second --check finds nothing (exit 0)', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const w = run(dir, ['rewrite', '--write', 'Dockerfile']);
  assert.is(w.code, 0, w.stderr);
  assert.match(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^FROM --platform=\$BUILDPLATFORM golang:1\.22 AS build$/m);
  assert.ok(fs.existsSync(path.join(dir, '.dockerignore')));
  assert.not.ok(listing(dir).some((f) => f.includes('.dockopt-tmp-')), 'no temp files left');
  const c = run(dir, ['rewrite', '--check', 'Dockerfile']);
  assert.is(c.code, 0, c.stdout + c.stderr);
  assert.is(c.stdout, '');
});

test('--check lists the files that would change and exits 1 without writing', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const r = run(dir, ['rewrite', '--check', '.']);
  assert.is(r.code, 1);
  assert.is(r.stdout, 'Dockerfile\n');
  assert.is(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), NAIVE);
  assert.not.ok(fs.existsSync(path.join(dir, '.dockerignore')));
});

test('an unknown instruction is path:line:column on stderr, exit 2, nothing written', () => {
  const dir = project({ Dockerfile: 'FROM golang:1.22\nRUM go build\n', 'go.mod': GO_MOD });
  const before = listing(dir);
  const r = run(dir, ['rewrite', '--write', 'Dockerfile']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^Dockerfile:2:1: unknown instruction "RUM" \(did you mean RUN\?\)/m);
  assert.not.match(r.stderr, /nothing to change/, 'no summary line that contradicts the error');
  assert.equal(listing(dir), before);
});

test('an unterminated heredoc, a file without FROM, and a binary file each exit 2 with a position', () => {
  const dir = project({
    'a/Dockerfile': 'FROM alpine\nRUN <<EOF\necho hi\n',
    'b/Dockerfile': '# just a comment\nRUN echo\n',
    'c/Dockerfile': 'FROM alpine\n\0\0binary',
  });
  const r = run(dir, ['rewrite', 'a/Dockerfile', 'b/Dockerfile', 'c/Dockerfile']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^a\/Dockerfile:2:1: unterminated heredoc <<EOF/m);
  assert.match(r.stderr, /^b\/Dockerfile:2:1: expected FROM before RUN/m);
  assert.match(r.stderr, /^c\/Dockerfile:2:1: binary file/m);
});

test('an unreadable path and a file over the size cap exit 2; other files are still processed', () => {
  const dir = project({ 'big/Dockerfile': 'FROM alpine\n' + '# x\n'.repeat(140_000), 'ok/Dockerfile': NAIVE, 'ok/go.mod': GO_MOD, 'ok/main.go': MAIN_GO });
  const r = run(dir, ['rewrite', '--format', 'json', 'missing/Dockerfile', 'big/Dockerfile', 'ok/Dockerfile']);
  assert.is(r.code, 2);
  const report = JSON.parse(r.stdout);
  const byPath = Object.fromEntries(report.results.map((x: { dockerfile: string }) => [x.dockerfile, x]));
  assert.is(byPath['missing/Dockerfile'].status, 'error');
  assert.match(byPath['big/Dockerfile'].error.message, /over the 524288-byte limit/);
  assert.is(byPath['ok/Dockerfile'].status, 'changed');
  assert.match(r.stderr, /^missing\/Dockerfile: no such file/m);
});

test('a bad config key is reported with the config file and the key, exit 2', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, '.dockoptrc.json': '{ "runtimee": "alpine" }' });
  const r = run(dir, ['rewrite', 'Dockerfile']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /\.dockoptrc\.json: invalid config key "runtimee": unknown key/);
});

test('the nearest config wins and --no-config ignores it', () => {
  const dir = project({ 'svc/Dockerfile': NAIVE, 'svc/go.mod': GO_MOD, 'svc/main.go': MAIN_GO, 'svc/.dockoptrc.json': '{ "runtime": "debian" }', '.dockoptrc.json': '{ "runtime": "alpine" }' });
  fs.mkdirSync(path.join(dir, '.git'));
  assert.match(run(dir, ['rewrite', 'svc/Dockerfile']).stdout, /^\+FROM debian:bookworm-slim$/m);
  assert.match(run(dir, ['rewrite', '--no-config', 'svc/Dockerfile']).stdout, /^\+FROM gcr\.io\/distroless/m);
  assert.match(run(dir, ['rewrite', '--runtime', 'alpine', 'svc/Dockerfile']).stdout, /^\+FROM alpine:3\.20$/m);
});

test('--format json follows the version 1 report shape', () => {
  const dir = project({ Dockerfile: NAIVE, 'go.mod': GO_MOD, 'main.go': MAIN_GO });
  const r = run(dir, ['rewrite', '-f', 'json']);
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.is(report.version, 1);
  assert.equal(Object.keys(report.summary).sort(), ['changed', 'errors', 'files', 'unchanged']);
  const [result] = report.results;
  assert.equal(Object.keys(result).sort(), ['context', 'dockerfile', 'dockerignore', 'error', 'findings', 'original', 'output', 'status']);
  assert.is(result.dockerfile, 'Dockerfile');
  assert.is(result.context, '.');
  assert.is(result.status, 'changed');
  assert.is(result.dockerignore.status, 'created');
  assert.is(result.dockerignore.original, null);
  const split = result.findings.find((f: { code: string }) => f.code === 'split-stages/split');
  assert.ok(split);
  assert.is(split.line, 1);
  assert.is(split.column, 1);
  assert.is(split.fixed, true);
});

test('a non-Go Dockerfile comes back unchanged and gets no .dockerignore', () => {
  const python = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';
  const dir = project({ Dockerfile: python, 'app.py': 'print(1)\n' });
  const r = run(dir, ['rewrite', '--check', 'Dockerfile']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.is(r.stdout, '');
});

test('usage errors exit 2: unknown command, unknown flag, bad format, --write with --check', () => {
  const dir = project({});
  assert.is(run(dir, ['frobnicate']).code, 2);
  assert.is(run(dir, ['rewrite', '--frob']).code, 2);
  assert.match(run(dir, ['rewrite', '-f', 'xml']).stderr, /unknown format "xml"/);
  assert.is(run(dir, ['rewrite', '--write', '--check']).code, 2);
});

test('an unknown pass id in --only or --skip is a usage error that names it, and nothing is written', () => {
  const dir = project({
    Dockerfile: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nCMD ["./server"]\n',
    'go.mod': 'module example.com/app\n\ngo 1.22\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  });
  const before = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
  const only = run(dir, ['rewrite', '--write', '--only', 'nonroot']);
  assert.is(only.code, 2);
  assert.match(only.stderr, /^dockopt: --only: unknown pass "nonroot" \(did you mean "non-root-user"\?\)/);
  const skip = run(dir, ['rewrite', '--write', '--skip', 'static-build,split-stage']);
  assert.is(skip.code, 2);
  assert.match(skip.stderr, /--skip: unknown pass "split-stage" \(did you mean "split-stages"\?\)/);
  assert.is(skip.stdout, '');
  assert.is(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), before);
  assert.not.ok(fs.existsSync(path.join(dir, '.dockerignore')));
  assert.is(run(dir, ['rewrite', '--only', 'split-stages,static-build']).code, 0, 'control: known ids run');
});

test('passes, explain, --help and --version', () => {
  const dir = project({});
  const passes = run(dir, ['passes']);
  assert.is(passes.code, 0);
  assert.match(passes.stdout, /^split-stages\s+safe\s+Split a single Go build stage/m);
  const explain = run(dir, ['explain', 'split-stages']);
  assert.is(explain.code, 0);
  assert.match(explain.stdout, /Before:\n {4}FROM golang/);
  assert.match(explain.stdout, /\nOptions:\n  passes\.split-stages\.keep \(string\[\]\): Context paths/);
  assert.is(run(dir, ['explain', 'nope']).code, 2);
  assert.match(run(dir, ['--help']).stdout, /Usage:/);
  assert.match(run(dir, ['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
});

test('writeFileAtomic leaves the target intact and no temp file when it dies before the rename', () => {
  const dir = project({ Dockerfile: 'original\n' });
  const target = path.join(dir, 'Dockerfile');
  assert.throws(() =>
    writeFileAtomic(target, 'new\n', {
      beforeRename: (temp) => {
        assert.is(fs.readFileSync(temp, 'utf8'), 'new\n', 'the temp file is complete before the rename');
        throw new Error('simulated crash');
      },
    }),
  );
  assert.is(fs.readFileSync(target, 'utf8'), 'original\n');
  assert.equal(listing(dir), ['Dockerfile']);
  writeFileAtomic(target, 'new\n');
  assert.is(fs.readFileSync(target, 'utf8'), 'new\n');
});

test.run();
