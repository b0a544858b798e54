/**
 * The monorepo codemod (DESIGN §1, §6; issue #4) in a real temporary git repository, through
 * the real binary: discovery, a build context and the nearest config per Dockerfile,
 * parallel runs that report exactly what a sequential run does, --check, --write, summary.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONFIG } from '../src/config.js';
import { rewrite } from '../src/index.js';
import type { Pass } from '../src/pass.js';
import { createFactsCache, FILES_PER_THREAD, runFileJob } from '../src/pipeline/pool.js';
import { formatDiffReport, formatFindings } from '../src/report/diff.js';
import type { FileResult, Report } from '../src/report/types.js';
import { ecosystems } from '../ecosystems/index.js';
import { passes } from '../passes/index.js';
import { ROOT } from './helpers.js';

const CLI = path.join(ROOT, 'dist', 'bundle', 'cli.js');

const goMod = (module: string, extra = '') => `module ${module}\n\ngo 1.22\n${extra}`;
const SERVER_GO = 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n';
const NAIVE = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n';
/** Enough extra services that -j 2 really runs on worker threads. */
const EXTRA_SERVICES = 2 * FILES_PER_THREAD;

/** Every Dockerfile the run must find, sorted as the report lists them. */
const EXPECTED_FILES = [
  'Containerfile',
  'broken/Dockerfile',
  ...Array.from({ length: EXTRA_SERVICES }, (_, i) => `more/svc-${String(i).padStart(2, '0')}/Dockerfile`),
  'services/a/Dockerfile',
  'services/b/Dockerfile.prod',
  'services/d/Dockerfile',
  'tools/x.Dockerfile',
];

const temporary: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** A fresh repository, and a directory outside it that a symlink points to. */
function monorepo(): { dir: string; outside: string } {
  const outside = tempDir('dockopt-outside-');
  write(outside, { Dockerfile: NAIVE, 'go.mod': goMod('example.com/outside'), 'main.go': SERVER_GO });
  const dir = tempDir('dockopt-monorepo-');
  const git = spawnSync('git', ['init', '-q'], { cwd: dir, encoding: 'utf8' });
  assert.is(git.status, 0, git.stderr);
  write(dir, {
    '.gitignore': 'build/\n',
    '.dockoptignore': 'legacy/\n',
    // Services under services/ build from the repository root, where the shared module is.
    '.dockoptrc.json': JSON.stringify({ context: { 'services/*/Dockerfile': '.' } }),
    'shared/go.mod': goMod('example.com/shared'),
    'shared/log/log.go': 'package log\n\nfunc Info(msg string) { println(msg) }\n',
    'services/a/go.mod': goMod('example.com/a', '\nrequire example.com/shared v0.0.0\n\nreplace example.com/shared => ../../shared\n'),
    'services/a/main.go': 'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/shared/log"\n)\n\nfunc main() {\n\tlog.Info("a")\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    'services/a/Dockerfile': 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nWORKDIR /src/services/a\nRUN go build -o /out/a .\nEXPOSE 8080\nCMD ["/out/a"]\n',
    // A service that starts with `go run`: split-stages declines it.
    'services/d/go.mod': goMod('example.com/d'),
    'services/d/main.go': 'package main\n\nfunc main() {}\n',
    'services/d/Dockerfile': 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nWORKDIR /src/services/d\nRUN go build -o /out/d .\nCMD ["go", "run", "."]\n',
    // The nearest config wins: this service asks for alpine and builds from its own directory.
    'services/b/.dockoptrc.json': JSON.stringify({ runtime: 'alpine' }),
    'services/b/go.mod': goMod('example.com/b'),
    'services/b/main.go': SERVER_GO,
    'services/b/Dockerfile.prod': NAIVE,
    'tools/go.mod': goMod('example.com/tools'),
    'tools/main.go': 'package main\n\nfunc main() {}\n',
    'tools/x.Dockerfile': 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o x .\nENTRYPOINT ["./x"]\n',
    Containerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n',
    'app.py': 'print("hello")\n',
    'broken/Dockerfile': 'FROM golang:1.22\nRUM go build\n',
    // Never reached: ignored by git (also by a nested .gitignore), by .dockoptignore, node_modules.
    'build/Dockerfile': NAIVE,
    'legacy/Dockerfile': NAIVE,
    'services/.gitignore': 'generated/\n',
    'services/c/generated/Dockerfile': NAIVE,
    'node_modules/pkg/Dockerfile': NAIVE,
  });
  for (let i = 0; i < EXTRA_SERVICES; i++) {
    const svc = `more/svc-${String(i).padStart(2, '0')}`;
    write(dir, { [`${svc}/Dockerfile`]: NAIVE, [`${svc}/go.mod`]: goMod(`example.com/${svc}`), [`${svc}/main.go`]: SERVER_GO });
  }
  fs.symlinkSync(outside, path.join(dir, 'linked'));
  fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile.linked'));
  return { dir, outside };
}

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonReport(cwd: string, args: string[]): { report: Report; byPath: Record<string, FileResult>; stdout: string; stderr: string; code: number | null } {
  const r = run(cwd, ['rewrite', '-f', 'json', ...args]);
  const report = JSON.parse(r.stdout) as Report;
  return { report, byPath: Object.fromEntries(report.results.map((x) => [x.dockerfile, x])), ...r };
}

/** Every file under `dir` (not following links) with its contents, for before/after comparisons. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (rel === '.git' || rel.startsWith(`.git${path.sep}`)) continue;
    const stat = fs.lstatSync(path.join(dir, rel));
    if (stat.isFile()) out.set(rel.split(path.sep).join('/'), fs.readFileSync(path.join(dir, rel), 'utf8'));
  }
  return out;
}

const { dir: REPO } = monorepo();
const J1 = jsonReport(REPO, ['-j', '1', '.']);

test('finds Dockerfile, Dockerfile.*, *.Dockerfile and Containerfile; skips ignored, node_modules and symlinked ones', () => {
  assert.equal(J1.report.results.map((r) => r.dockerfile), EXPECTED_FILES);
});

test('each Dockerfile gets its own build context: config `context` for services/*, else its directory', () => {
  assert.is(J1.byPath['services/a/Dockerfile']!.context, '.');
  assert.is(J1.byPath['services/d/Dockerfile']!.context, '.');
  assert.is(J1.byPath['services/b/Dockerfile.prod']!.context, 'services/b');
  assert.is(J1.byPath['tools/x.Dockerfile']!.context, 'tools');
  assert.is(J1.byPath['more/svc-00/Dockerfile']!.context, 'more/svc-00');
  assert.is(J1.byPath['services/a/Dockerfile']!.dockerignore?.path, '.dockerignore');
  assert.is(J1.byPath['tools/x.Dockerfile']!.dockerignore?.path, 'tools/.dockerignore');
});

test('each Dockerfile gets its nearest config: services/b runs on alpine, the others on distroless', () => {
  assert.match(J1.byPath['services/b/Dockerfile.prod']!.output, /^FROM alpine:/m);
  assert.match(J1.byPath['tools/x.Dockerfile']!.output, /^FROM gcr\.io\/distroless\//m);
  assert.match(J1.byPath['services/a/Dockerfile']!.output, /^FROM gcr\.io\/distroless\//m);
});

test('the outcome of each file: Go services changed, Python unchanged, RUM an error, go run declined', () => {
  const status = Object.fromEntries(J1.report.results.map((r) => [r.dockerfile, r.status]));
  for (const file of EXPECTED_FILES) {
    const expected = file === 'Containerfile' ? 'unchanged' : file === 'broken/Dockerfile' ? 'error' : 'changed';
    assert.is(status[file], expected, file);
  }
  assert.equal(J1.byPath['broken/Dockerfile']!.error, { message: 'unknown instruction "RUM" (did you mean RUN?); expected a Dockerfile instruction such as FROM, RUN or COPY', line: 2, column: 1 });
  const declined = J1.byPath['services/d/Dockerfile']!.findings.filter((f) => f.code === 'split-stages/declined');
  assert.is(declined.length, 1);
  assert.match(J1.byPath['services/a/Dockerfile']!.output, /AS build/, 'the service with the shared module is split');
  assert.is(J1.code, 2, 'the broken Dockerfile makes the run exit 2');
  assert.equal(J1.report.summary, { files: EXPECTED_FILES.length, changed: EXPECTED_FILES.length - 2, unchanged: 1, errors: 1 });
});

test('-j 1 and -j 2 give byte-identical JSON reports, in the discovered order', () => {
  const j2 = run(REPO, ['rewrite', '-f', 'json', '-j', '2', '.']);
  assert.is(j2.code, J1.code);
  assert.ok(j2.stdout === J1.stdout, 'the -j 2 report differs from the -j 1 report');
});

test('-j 2 under a process-wide V8 flag (which workers refuse as their own) gives the same report', () => {
  const r = spawnSync(process.execPath, ['--single-threaded-gc', CLI, 'rewrite', '-f', 'json', '-j', '2', '.'], { cwd: REPO, encoding: 'utf8' });
  assert.is(r.status, J1.code, r.stderr);
  assert.ok(r.stdout === J1.stdout, 'the report differs from the -j 1 report');
});

test('consume sees every result once, in report order, and what it returns replaces the result', async () => {
  const seen: { index: number; total: number; dockerfile: string }[] = [];
  const report = await rewrite('.', {
    cwd: REPO,
    jobs: 2,
    consume: (result, index, total) => {
      seen.push({ index, total, dockerfile: result.dockerfile });
      assert.equal(result, J1.byPath[result.dockerfile], `${result.dockerfile} as in the plain report`);
      return { ...result, original: '', output: '' };
    },
  });
  const n = J1.report.results.length;
  assert.equal(seen, J1.report.results.map((r, index) => ({ index, total: n, dockerfile: r.dockerfile })));
  assert.ok(report.results.every((r) => r.original === '' && r.output === ''), 'the report holds what consume returned');
  assert.equal(report.summary, J1.report.summary);
});

test('the streamed diff and stderr are what the whole-report formatters give, with -j 1 and -j 2', () => {
  const many = (r: FileResult) => ({ ...r, findings: r.findings.filter((f) => f.severity !== 'info') });
  const errors = J1.report.results.filter((r) => r.error).map((r) => `${r.dockerfile}:${r.error!.line}:${r.error!.column}: ${r.error!.message}\n`);
  for (const jobs of ['1', '2']) {
    const r = run(REPO, ['rewrite', '-j', jobs, '.']);
    assert.is(r.code, 2, r.stderr);
    assert.ok(r.stdout === formatDiffReport(J1.report, false), `-j ${jobs}: the diff differs`);
    const findings = formatFindings({ ...J1.report, results: J1.report.results.map(many) }, false);
    // Per file now rather than errors first and findings last: the same lines, in another order.
    const lines = (text: string) => text.split('\n').filter(Boolean).sort();
    assert.equal(lines(r.stderr.replace(/^dockopt: \d+ files: .*\n/m, '')), lines(errors.join('') + findings));
  }
});

test('the summary on stderr counts changed, unchanged, errors and declined reasons; stdout is the report only', () => {
  const n = EXPECTED_FILES.length;
  assert.match(
    J1.stderr,
    new RegExp(`^dockopt: ${n} files: ${n - 2} changed, 1 unchanged, 1 error; 1 declined \\(go-run-start 1\\) — \\d+\\.\\d\\ds$`, 'm'),
  );
  assert.not.match(J1.stderr, /\r/, 'no progress line when stderr is not a terminal');
  assert.ok(J1.stdout.startsWith('{'), 'stdout holds the JSON report alone');
});

test('--check lists exactly the files that would change and writes nothing (exit 2 with the broken file, else 1)', () => {
  const before = snapshot(REPO);
  const changed = J1.report.results.filter((r) => r.status === 'changed').map((r) => r.dockerfile);
  const all = run(REPO, ['rewrite', '--check', '-j', '2', '.']);
  assert.is(all.code, 2);
  assert.is(all.stdout, changed.map((f) => `${f}\n`).join(''));
  const some = run(REPO, ['rewrite', '--check', 'services', 'tools']);
  assert.is(some.code, 1, some.stderr);
  assert.is(some.stdout, 'services/a/Dockerfile\nservices/b/Dockerfile.prod\nservices/d/Dockerfile\ntools/x.Dockerfile\n');
  assert.match(some.stderr, /^dockopt: 4 files: 4 changed, 0 unchanged, 0 errors; 1 declined/m);
  assert.equal(snapshot(REPO), before);
});

test('a glob target finds what it names, with the same ignore rules', () => {
  const r = jsonReport(REPO, ['services/*/Dockerfile*', '**/*.Dockerfile', 'build/*']);
  // Targets that match nothing come first in the report.
  assert.equal(r.report.results.map((x) => x.dockerfile), ['build/*', 'services/a/Dockerfile', 'services/b/Dockerfile.prod', 'services/d/Dockerfile', 'tools/x.Dockerfile']);
  assert.is(r.byPath['build/*']!.status, 'error', 'a glob matching only ignored files matches nothing');
});

test('--write writes every change atomically, leaves ignored and outside files alone, and a second run finds nothing', () => {
  const { dir, outside } = monorepo();
  const report = jsonReport(dir, ['.']).report;
  const before = snapshot(dir);
  const outsideBefore = snapshot(outside);
  const w = run(dir, ['rewrite', '--write', '-j', '2', '.']);
  assert.is(w.code, 2, w.stderr);
  assert.is(w.stdout, '');
  assert.match(w.stderr, /^dockopt: \d+ files: \d+ rewritten, 1 unchanged, 1 error/m);
  const after = snapshot(dir);
  for (const result of report.results) {
    assert.is(after.get(result.dockerfile), result.output, result.dockerfile);
    if (result.dockerignore) assert.is(after.get(result.dockerignore.path), result.dockerignore.output, result.dockerignore.path);
  }
  assert.not.ok([...after.keys()].some((f) => f.includes('.dockopt-tmp-')), 'no temp files left');
  for (const untouched of ['build/Dockerfile', 'legacy/Dockerfile', 'services/c/generated/Dockerfile', 'node_modules/pkg/Dockerfile', 'broken/Dockerfile', 'Containerfile']) {
    assert.is(after.get(untouched), before.get(untouched), untouched);
  }
  assert.equal(snapshot(outside), outsideBefore, 'nothing outside the repository is written');
  assert.ok(fs.lstatSync(path.join(dir, 'Dockerfile.linked')).isSymbolicLink());
  const again = run(dir, ['rewrite', '--check', '.']);
  assert.is(again.stdout, '', 'a second run finds nothing to change');
});

test('--write leaves a shared context .dockerignore alone when its Dockerfiles need different ones', () => {
  const dir = tempDir('dockopt-shared-ignore-');
  write(dir, {
    '.dockoptrc.json': JSON.stringify({ context: { '*/Dockerfile': '.' } }),
    'go.mod': goMod('example.com/x'),
    'main.go': SERVER_GO,
    '.env': 'MODE=dev\n',
    'a/Dockerfile': NAIVE,
    // This one copies .env into the image, so its .dockerignore must not exclude it.
    'b/Dockerfile': NAIVE.replace('CMD', 'COPY .env /app/.env\nCMD'),
  });
  const { byPath } = jsonReport(dir, ['.']);
  const [a, b] = [byPath['a/Dockerfile']!, byPath['b/Dockerfile']!];
  assert.ok(a.dockerignore && b.dockerignore && a.dockerignore.output !== b.dockerignore.output, 'precondition: the two need different .dockerignore files');
  const w = run(dir, ['rewrite', '--write', '.']);
  assert.match(w.stderr, /^\.dockerignore: not written: a\/Dockerfile, b\/Dockerfile share this build context/m);
  assert.not.ok(fs.existsSync(path.join(dir, '.dockerignore')));
  assert.is(fs.readFileSync(path.join(dir, 'a/Dockerfile'), 'utf8'), a.output, 'the Dockerfiles are still written');
});

/** Two Dockerfiles sharing the repository root as their context, each with its own ignore file. */
function ownIgnoreRepo(config: object): string {
  const dir = tempDir('dockopt-own-ignore-');
  write(dir, {
    '.dockoptrc.json': JSON.stringify({ context: { '*/Dockerfile': '.' }, ...config }),
    'go.mod': goMod('example.com/x'),
    'main.go': SERVER_GO,
    '.env': 'MODE=dev\n',
    'a/Dockerfile': NAIVE,
    'a/Dockerfile.dockerignore': '.git\n',
    // This one copies .env, and its own ignore file excludes it: the COPY would fail.
    'b/Dockerfile': NAIVE.replace('CMD', 'COPY .env /app/.env\nCMD'),
    'b/Dockerfile.dockerignore': '.env\n',
  });
  return dir;
}

test('BuildKit reads <Dockerfile>.dockerignore before the context\'s: dockopt merges into it and checks it', () => {
  const dir = ownIgnoreRepo({});
  const { byPath } = jsonReport(dir, ['.']);
  const [a, b] = [byPath['a/Dockerfile']!, byPath['b/Dockerfile']!];
  assert.is(a.dockerignore?.path, 'a/Dockerfile.dockerignore');
  assert.is(a.dockerignore?.original, '.git\n');
  assert.is(a.dockerignore?.status, 'changed');
  assert.ok(a.dockerignore!.output.startsWith('.git\n') && a.dockerignore!.output.includes('**/.env\n'));
  assert.is(b.dockerignore?.path, 'b/Dockerfile.dockerignore');
  assert.not.ok(b.dockerignore!.output.includes('**/.env\n'), 'the file b copies stays in its context');
  const warning = b.findings.find((f) => f.code === 'dockerignore/excludes-needed-file');
  assert.ok(warning?.message.startsWith('Dockerfile.dockerignore line 1 (`.env`) excludes .env'), warning?.message);

  const w = run(dir, ['rewrite', '--write', '.']);
  assert.is(w.code, 0, w.stderr);
  assert.not.match(w.stderr, /not written/);
  assert.is(fs.readFileSync(path.join(dir, 'a/Dockerfile.dockerignore'), 'utf8'), a.dockerignore!.output);
  assert.is(fs.readFileSync(path.join(dir, 'b/Dockerfile.dockerignore'), 'utf8'), b.dockerignore!.output);
  assert.not.ok(fs.existsSync(path.join(dir, '.dockerignore')), 'no context .dockerignore that BuildKit would not read');
});

test('a Dockerfile named on the command line finds its own ignore file too', () => {
  const dir = ownIgnoreRepo({});
  const r = run(dir, ['rewrite', 'a/Dockerfile']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^--- a\/a\/Dockerfile\.dockerignore$/m);
  assert.not.match(r.stdout, /^\+\+\+ b\/\.dockerignore$/m);
});

test('an own ignore file that cannot be read is that Dockerfile\'s error, not a file to create anew', () => {
  const dir = ownIgnoreRepo({});
  fs.rmSync(path.join(dir, 'a/Dockerfile.dockerignore'));
  fs.mkdirSync(path.join(dir, 'a/Dockerfile.dockerignore'));
  const r = run(dir, ['rewrite', '--write', '.']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /^a\/Dockerfile: cannot read a\/Dockerfile\.dockerignore: EISDIR/m);
  assert.is(fs.readFileSync(path.join(dir, 'a/Dockerfile'), 'utf8'), NAIVE, 'nothing of a is written');
  assert.ok(fs.statSync(path.join(dir, 'a/Dockerfile.dockerignore')).isDirectory());
});

test('with buildkit: false the classic builder\'s .dockerignore is the one, and own ignore files are left alone', () => {
  const dir = ownIgnoreRepo({ buildkit: false });
  const { byPath } = jsonReport(dir, ['a/Dockerfile']);
  assert.is(byPath['a/Dockerfile']!.dockerignore?.path, '.dockerignore');
  assert.is(byPath['a/Dockerfile']!.dockerignore?.original, null);
});

test('a pass that throws becomes that file\'s error result naming the pass, as in a worker', () => {
  const exploding = { ...passes[0]!, id: 'exploding', apply: () => { throw new Error('boom'); } } as Pass;
  const result = runFileJob(
    {
      file: null,
      content: NAIVE,
      display: 'svc/Dockerfile',
      contextDir: REPO,
      contextDisplay: 'svc',
      dockerignorePath: 'svc/.dockerignore',
      dockerignoreFile: null,
      gatherFacts: false,
      config: DEFAULT_CONFIG,
    },
    [exploding],
    createFactsCache(ecosystems),
    { only: null, skip: [] },
  );
  assert.is(result.status, 'error');
  assert.is(result.error?.message, 'internal error in pass "exploding": boom');
  assert.is(result.original, NAIVE);
});

test.after(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

test.run();
