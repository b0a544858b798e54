/**
 * Image benchmark (DESIGN §8, "Real builds"): proves that rewritten Dockerfiles build, start,
 * and are smaller and faster to rebuild than the naive ones they came from.
 *
 * For every buildable example in examples/<name>/ and for imagebench's sample app:
 *   1. run the real CLI (`node dist/src/cli.js rewrite --format json <Dockerfile>`) in the
 *      example's directory and take results[0].output and results[0].dockerignore.output;
 *   2. benchmark the naive Dockerfile in a copy of the context exactly as the user had it
 *      (their .dockerignore, if any, and nothing of ours);
 *   3. benchmark the rewritten Dockerfile (Dockerfile.dockopt) in a second copy that also
 *      holds the rewritten .dockerignore;
 *   4. for the sample app, also a hand-written `docker init`-style peer
 *      (bench/reference/sample-app.Dockerfile) in the naive context.
 * Builds run through ../shared/tools/imagebench/bench.sh (buildah, local base images, no
 * network). examples/ is never modified.
 *
 * Output: bench/results/images.md (tables) and bench/results/images.ndjson (bench.sh's raw
 * objects, each prefixed with `example` and `variant`). Exit code 1 if a rewritten image fails
 * to build, to rebuild or to start where the naive one did, or if the CLI fails on an example.
 *
 * Environment:
 *   EXAMPLES=a,b        only these examples (`sample-app` names the imagebench sample app)
 *   BENCH_REPEAT=n      passed through to bench.sh (median of n cold builds and rebuilds)
 *   REFERENCE=0         skip the docker-init reference build
 *   DRY_RUN=1           print which examples would be built or skipped, build nothing
 *   REPORT_ONLY=1       rewrite images.md from the existing images.ndjson, build nothing
 *   MERGE=1             keep the results of examples not run now from the existing images.ndjson
 *                       (e.g. `EXAMPLES=new-one MERGE=1` adds one example to the report)
 *   IMAGEBENCH_DIR      default /work/shared/tools/imagebench
 *   RESULTS_DIR         default bench/results
 *
 * examples/<name>/imagebench.json (optional):
 *   { "buildable": false, "why": "needs module proxy" }   skip, with the reason
 *   { "dockerfile": "Dockerfile", "touch": "cmd/api/main.go", "port": 9000, "path": "/healthz" }
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ------------------------------------------------------------------------------ setup

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(REPO, 'dist', 'src', 'cli.js');
const EXAMPLES_DIR = path.join(REPO, 'examples');
const IMAGEBENCH = process.env.IMAGEBENCH_DIR ?? '/work/shared/tools/imagebench';
const BENCH_SH = path.join(IMAGEBENCH, 'bench.sh');
const SAMPLE_APP = path.join(IMAGEBENCH, 'sample-app');
const REFERENCE = path.join(REPO, 'bench', 'reference', 'sample-app.Dockerfile');
const RESULTS_DIR = path.resolve(process.env.RESULTS_DIR ?? path.join(REPO, 'bench', 'results'));
const LOAD_AT_START = os.loadavg()[0];
const RUN_STAMP = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
const LOG_ROOT = `/var/lib/imagebench/runs/dockopt-${RUN_STAMP}`;
const ONLY = (process.env.EXAMPLES ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const WITH_REFERENCE = process.env.REFERENCE !== '0';
const DRY_RUN = process.env.DRY_RUN === '1';
const MERGE = process.env.MERGE === '1';
const REPORT_ONLY = process.env.REPORT_ONLY === '1';
const REWRITTEN_NAME = 'Dockerfile.dockopt';
/** Files of the golden-test layout that are not part of the user's build context. */
const NOT_CONTEXT = new Set(['Dockerfile.expected', '.dockerignore.expected', 'imagebench.json']);
/** Go ≥ 1.20 std packages; the sandbox's golang images all contain Go 1.19. */
const NEW_STD = ['slices', 'maps', 'cmp', 'log/slog', 'iter', 'unique', 'math/rand/v2', 'structs', 'weak', 'crypto/ecdh'];

function log(msg: string): void {
  process.stderr.write(`[images] ${msg}\n`);
}

// ------------------------------------------------------------------------------ types

interface Marker {
  buildable?: boolean;
  why?: string;
  dockerfile?: string;
  touch?: string;
  port?: number;
  path?: string;
}

interface Candidate {
  name: string;
  dir: string;
  dockerfile: string; // relative to dir
  marker: Marker;
  reference?: string;
}

interface Step {
  step: string;
  cached: boolean;
  from: boolean;
}

/** The parts of a bench.sh NDJSON object this script reads (the raw object is kept whole). */
interface BenchResult {
  name: string;
  dockerfile: string;
  host?: string;
  cold: { ok: boolean; seconds: number; cpu_seconds: number; error?: string; log?: string };
  image?: {
    size_bytes: number;
    compressed_bytes: number | null;
    layers: number;
    added_bytes: number;
    base: { tag: string | null; size_bytes: number };
  };
  config?: { user: string; uid: number | null; nonroot: boolean | null };
  binary?: {
    path: string;
    present: boolean;
    executable: boolean;
    linkage: string;
    shell_form: boolean;
    shell_present: boolean | null;
    interpreter_present: boolean | null;
    missing_libs: string[];
  };
  run?: {
    attempted: boolean;
    ok?: boolean;
    path?: string;
    http_status?: number;
    seconds_to_first_response?: number | null;
    state_before_stop?: string;
    exit_code?: number | null;
    error?: string;
    log?: string;
  };
  rebuild?: {
    ok: boolean;
    seconds?: number;
    cpu_seconds?: number;
    cache_hits?: number;
    cacheable_steps?: number;
    first_miss?: string | null;
    steps?: Step[];
    log?: string;
    note?: string;
  };
}

type Variant = 'naive' | 'dockopt' | 'reference';

interface Outcome {
  name: string;
  dockerfile: string; // as shown in the report
  results: Partial<Record<Variant, BenchResult>>;
  rewritten?: string;
  dockerignore?: { status: string; output: string } | null;
  findings: string[];
  failures: string[]; // dockopt bugs: make the run fail
  notes: string[];
  measured: string; // ISO date of this example's run
  dockopt: string; // git revision of dockopt used
}

interface Skip {
  name: string;
  why: string;
  measured?: string;
}

// ------------------------------------------------------------------------------ discovery

function readMarker(dir: string): Marker {
  const file = path.join(dir, 'imagebench.json');
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Marker;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  const names = fs.existsSync(EXAMPLES_DIR)
    ? fs
        .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  for (const name of names) {
    const dir = path.join(EXAMPLES_DIR, name);
    const marker = readMarker(dir);
    out.push({ name, dir, dockerfile: marker.dockerfile ?? 'Dockerfile', marker });
  }
  out.push({
    name: 'sample-app',
    dir: SAMPLE_APP,
    dockerfile: 'Dockerfile.naive',
    marker: {},
    reference: WITH_REFERENCE ? REFERENCE : undefined,
  });
  return ONLY.length ? out.filter((c) => ONLY.includes(c.name)) : out;
}

/** Logical lines (continuations joined), comments dropped. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (cur === '' && /^\s*#/.test(raw)) continue;
    if (cur !== '' && /^\s*#/.test(raw)) continue; // comment inside a continuation
    if (/\\\s*$/.test(raw)) {
      cur += raw.replace(/\\\s*$/, ' ');
      continue;
    }
    lines.push(cur + raw);
    cur = '';
  }
  if (cur) lines.push(cur);
  return lines;
}

/** Base images named by FROM lines (stage names and scratch excluded, global ARGs expanded). */
export function baseImages(dockerfile: string): string[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const images: string[] = [];
  let seenFrom = false;
  const expand = (s: string) =>
    s.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_m, a: string, def: string, b: string) => {
      const v = args.get(a ?? b);
      return v !== undefined && v !== '' ? v : (def ?? '');
    });
  for (const line of logicalLines(dockerfile)) {
    const m = /^\s*(\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const kw = m[1].toUpperCase();
    if (kw === 'ARG' && !seenFrom) {
      for (const tok of m[2].trim().split(/\s+/)) {
        const [k, ...v] = tok.split('=');
        args.set(k, v.join('=').replace(/^["']|["']$/g, ''));
      }
    } else if (kw === 'FROM') {
      seenFrom = true;
      const toks = m[2].trim().split(/\s+/).filter((t) => !t.startsWith('--'));
      const image = expand(toks[0] ?? '');
      if (toks[1]?.toLowerCase() === 'as' && toks[2]) stages.add(toks[2].toLowerCase());
      if (image && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) images.push(image);
    }
  }
  return [...new Set(images)];
}

const imageCache = new Map<string, boolean>();
function imageAvailable(ref: string): boolean {
  if (!imageCache.has(ref)) {
    const r = spawnSync('buildah', ['inspect', '--type', 'image', ref], { stdio: 'ignore' });
    imageCache.set(ref, r.status === 0);
  }
  return imageCache.get(ref)!;
}

function walk(dir: string, pred: (rel: string) => boolean, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (['.git', 'node_modules', 'vendor', 'testdata'].includes(e.name)) continue;
      out.push(...walk(dir, pred, r));
    } else if (pred(r)) out.push(r);
  }
  return out;
}

/** Third-party modules that no vendor/ directory or local replace/workspace provides. */
function unvendoredModules(dir: string): string[] {
  const gomods = walk(dir, (r) => path.basename(r) === 'go.mod');
  const local = new Set<string>();
  const parsed = gomods.map((rel) => {
    const text = fs.readFileSync(path.join(dir, rel), 'utf8').replace(/\/\/.*$/gm, '');
    const mod = /^\s*module\s+(\S+)/m.exec(text)?.[1];
    if (mod) local.add(mod.replace(/"/g, ''));
    const requires: string[] = [];
    const replaced = new Set<string>();
    const block = (kw: string) => {
      const lines: string[] = [];
      for (const m of text.matchAll(new RegExp(`^\\s*${kw}\\s*\\(([^)]*)\\)`, 'gm'))) lines.push(...m[1].split('\n'));
      for (const m of text.matchAll(new RegExp(`^\\s*${kw}\\s+([^(\\s].*)$`, 'gm'))) lines.push(m[1]);
      return lines.map((l) => l.trim()).filter(Boolean);
    };
    for (const l of block('require')) requires.push(l.split(/\s+/)[0].replace(/"/g, ''));
    for (const l of block('replace')) {
      const [from, to] = l.split('=>').map((s) => s.trim());
      if (to && /^\.{1,2}\//.test(to)) replaced.add(from.split(/\s+/)[0]);
    }
    const vendored = fs.existsSync(path.join(dir, path.dirname(rel), 'vendor', 'modules.txt'));
    return { requires, replaced, vendored };
  });
  const missing = new Set<string>();
  for (const p of parsed) {
    if (p.vendored) continue;
    for (const r of p.requires) if (!local.has(r) && !p.replaced.has(r)) missing.add(r);
  }
  return [...missing];
}

function newStdImports(dir: string): string[] {
  const found = new Set<string>();
  for (const rel of walk(dir, (r) => r.endsWith('.go'))) {
    const text = fs.readFileSync(path.join(dir, rel), 'utf8');
    const imports = [...text.matchAll(/^\s*(?:import\s+)?(?:\w+\s+)?"([^"]+)"\s*$/gm)].map((m) => m[1]);
    for (const i of imports) if (NEW_STD.includes(i)) found.add(i);
  }
  return [...found];
}

/** Why this example can't be built in the sandbox, or null to try it. */
function whyUnbuildable(c: Candidate, dockerfileText: string): string | null {
  if (c.marker.buildable === false) return c.marker.why ?? 'imagebench.json: buildable=false';
  if (c.marker.buildable === true) return null;
  if (/^\s*#\s*escape\s*=\s*`/m.test(dockerfileText)) return 'Windows Dockerfile (escape=`)';
  const images = baseImages(dockerfileText);
  const win = images.find((i) => /windows|nanoserver|servercore/i.test(i));
  if (win) return `Windows base image ${win}`;
  const alpine = images.find((i) => /alpine/i.test(i));
  if (alpine) return `Alpine base image ${alpine} (no Alpine images or apk repositories here)`;
  const missing = images.filter((i) => !imageAvailable(i));
  if (missing.length) return `base image not available locally: ${missing.join(', ')}`;
  const mods = unvendoredModules(c.dir);
  if (mods.length)
    return `third-party modules without vendor/ (no module proxy here): ${mods.slice(0, 3).join(', ')}${mods.length > 3 ? ', …' : ''}`;
  const std = newStdImports(c.dir);
  if (std.length) return `imports Go ≥ 1.20 std packages (${std.join(', ')}); the sandbox has Go 1.19`;
  return null;
}

// ------------------------------------------------------------------------------ running

interface CliResult {
  status: string;
  error: { message: string; line?: number; column?: number } | null;
  output: string;
  original: string;
  dockerignore: { status: string; output: string } | null;
  findings: { code: string; severity: string; message: string; fixed: boolean }[];
}

function runCli(c: Candidate): { ok: true; result: CliResult } | { ok: false; error: string } {
  const r = spawnSync(process.execPath, [CLI, 'rewrite', '--format', 'json', c.dockerfile], {
    cwd: c.dir,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0 && r.status !== 1) {
    return { ok: false, error: `dockopt exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().slice(-2000)}` };
  }
  try {
    const report = JSON.parse(r.stdout) as { results: CliResult[] };
    const result = report.results[0];
    if (!result) return { ok: false, error: 'dockopt reported no result' };
    if (result.status === 'error') {
      const e = result.error;
      return { ok: false, error: `dockopt error: ${e?.message}${e?.line ? ` (line ${e.line})` : ''}` };
    }
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: `unparsable JSON from dockopt: ${(e as Error).message}; stderr: ${r.stderr.slice(-500)}` };
  }
}

function copyContext(src: string, dst: string): void {
  fs.cpSync(src, dst, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (p) => {
      const rel = path.relative(src, p);
      return !NOT_CONTEXT.has(rel) && rel.split(path.sep)[0] !== '.git';
    },
  });
}

/** Run bench.sh on one context; resolves with the parsed NDJSON objects (raw kept too). */
function benchSh(
  ctx: string,
  dockerfiles: string[],
  env: Record<string, string>,
  outDir: string,
): Promise<{ code: number; objects: Record<string, unknown>[] }> {
  const cmd = process.getuid?.() === 0 ? BENCH_SH : 'sudo';
  const args = process.getuid?.() === 0 ? [ctx, ...dockerfiles] : ['-E', BENCH_SH, ctx, ...dockerfiles];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env, BENCH_OUT: outDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const objects = out
        .split('\n')
        .filter((l) => l.trim().startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code: code ?? 1, objects });
    });
  });
}

/** bench.sh, retried up to twice when it dies without results (e.g. its `rm -rf
 * /var/tmp/buildah-cache` racing another buildah user on the machine). */
async function benchRetry(
  ctx: string,
  dockerfiles: string[],
  env: Record<string, string>,
  outDir: string,
): Promise<{ code: number; objects: Record<string, unknown>[] }> {
  for (let attempt = 1; ; attempt++) {
    const r = await benchSh(ctx, dockerfiles, env, attempt === 1 ? outDir : `${outDir}-retry${attempt - 1}`);
    if (r.code === 0 || r.objects.length >= dockerfiles.length || attempt === 3) return r;
    log(`bench.sh exited ${r.code} with ${r.objects.length}/${dockerfiles.length} results; retrying in 20 s (${attempt}/2)`);
    await new Promise((res) => setTimeout(res, 20_000));
  }
}

/** OS package installs in RUN steps: they need a package mirror, so such builds get a network. */
const PACKAGE_INSTALL = /\b(?:apt-get|apt|aptitude)\s+(?:-\S+\s+)*install\b[^&;|\n]*|\bapk\s+(?:-\S+\s+)*add\b[^&;|\n]*|\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*install\b[^&;|\n]*/;

export function packageInstall(dockerfile: string): string | null {
  for (const line of logicalLines(dockerfile)) {
    if (!/^\s*RUN\b/i.test(line)) continue;
    const m = PACKAGE_INSTALL.exec(line);
    if (m) return m[0].trim().replace(/\s+/g, ' ');
  }
  return null;
}

/** bench.sh environment for one Dockerfile: RUN steps get a network only if they install packages. */
function networkEnv(dockerfile: string, who: string, notes: string[]): Record<string, string> {
  const pkg = packageInstall(dockerfile);
  if (!pkg || process.env.BENCH_NETWORK) return {};
  notes.push(`${who} was built with BENCH_NETWORK=host (RUN steps reach the Debian mirror) because it installs OS packages: \`${pkg}\``);
  return { BENCH_NETWORK: 'host' };
}

function tail(file: string | undefined, n: number): string {
  if (!file || !fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
}

/** Does the image break where the naive one works? Returns problems (empty = fine). */
function judge(naive: BenchResult, re: BenchResult | undefined): { failures: string[]; notes: string[] } {
  const failures: string[] = [];
  const notes: string[] = [];
  if (!re) return { failures: ['bench.sh returned no result for the rewritten Dockerfile'], notes };
  if (!re.cold.ok) {
    failures.push(`rewritten Dockerfile fails to build:\n${re.cold.error ?? tail(re.cold.log, 12)}`);
    return { failures, notes };
  }
  const b = re.binary;
  if (b && naive.binary?.present) {
    if (!b.present) failures.push(`entrypoint binary ${b.path} is missing from the rewritten image`);
    else if (!b.executable) failures.push(`entrypoint binary ${b.path} is not executable in the rewritten image`);
    if (b.interpreter_present === false || (b.missing_libs?.length ?? 0) > 0)
      failures.push(
        `binary ${b.path} is ${b.linkage === 'dynamic' ? 'dynamically linked' : b.linkage} but the image lacks ${b.interpreter_present === false ? 'its ELF interpreter' : ''}${(b.missing_libs?.length ?? 0) > 0 ? ` ${b.missing_libs.join(', ')}` : ''}`,
      );
    if (b.shell_form && b.shell_present === false) failures.push('shell-form CMD/ENTRYPOINT but no /bin/sh in the rewritten image');
  }
  const nr = naive.run;
  const rr = re.run;
  if (nr?.attempted && rr?.attempted) {
    const containerLog = rr.log ? `; container log:\n${tail(rr.log, 10)}` : rr.error ? `: ${rr.error}` : '';
    if (answered(naive) && !answered(re)) {
      failures.push(`rewritten image does not answer HTTP (${runStatus(re)}) while the naive one does (${runStatus(naive)})${containerLog}`);
    } else if (answered(naive) && answered(re)) {
      if (nr.http_status !== rr.http_status)
        failures.push(`rewritten image answers HTTP ${rr.http_status}, the naive one HTTP ${nr.http_status}${containerLog}`);
      else if (!nr.ok) notes.push(`both images answer ${nr.path ?? '/'} with HTTP ${nr.http_status} (set "path" in imagebench.json for a 2xx endpoint)`);
    } else {
      const naiveAlive = nr.state_before_stop === 'running';
      const reAlive = rr.state_before_stop === 'running';
      if (naiveAlive && !reAlive)
        failures.push(
          `rewritten container exits (${runStatus(re)}) while the naive one keeps running` +
            (rr.log ? `; container log:\n${tail(rr.log, 10)}` : ''),
        );
      else if (!naiveAlive && !reAlive && nr.exit_code !== rr.exit_code)
        failures.push(`rewritten container exits with ${rr.exit_code}, the naive one with ${nr.exit_code}`);
      else if (runStatus(naive) === runStatus(re)) notes.push(`neither image answers HTTP, both the same way: ${runStatus(re)}`);
      else notes.push(`neither image answers HTTP (naive: ${runStatus(naive)}; dockopt: ${runStatus(re)})`);
    }
  }
  if (naive.rebuild?.ok && re.rebuild && !re.rebuild.ok && !re.rebuild.note)
    failures.push(`rewritten Dockerfile fails to rebuild after a code change:\n${tail(re.rebuild.log, 12)}`);
  if (re.config && re.config.nonroot === false) notes.push('rewritten image runs as root');
  if (staleRebuild(re))
    notes.push(
      'the rewritten image\'s rebuild took every step from the cache although a Go file changed, so its binary is stale and its rebuild time is not a real measurement (buildah 1.28 leaves bind-mounted source out of the layer cache key; BuildKit does not)',
    );
  return { failures, notes };
}

// ------------------------------------------------------------------------------ report

const MB = (n: number | null | undefined) => (n == null ? '–' : `${(n / 1e6).toFixed(n < 1e7 ? 2 : 1)} MB`);
const S = (n: number | null | undefined) => (n == null ? '–' : n.toFixed(1));
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}×`;

/** Every step after FROM came from the cache although a Go file changed: the edit never reached
 * the compiler (a bind mount of the source, which buildah 1.28 leaves out of its cache key, or a
 * .dockerignore'd file), so the rebuild time says nothing. */
function staleRebuild(r: BenchResult | undefined): boolean {
  const rb = r?.rebuild;
  return !!rb?.ok && (rb.cacheable_steps ?? 0) > 0 && rb.cache_hits === rb.cacheable_steps;
}

/** The container started and something answered HTTP (any status). */
function answered(r: BenchResult | undefined): boolean {
  return !!r?.run?.attempted && (r.run.http_status ?? 0) > 0;
}

function runStatus(r: BenchResult | undefined): string {
  const run = r?.run;
  if (!r?.cold.ok) return 'not built';
  if (!run?.attempted) return 'not run';
  if (run.error) return `start error: ${run.error.split('\n').pop()}`;
  if (answered(r)) return `started, HTTP ${run.http_status} after ${S(run.seconds_to_first_response)} s`;
  if (run.state_before_stop === 'running') return `running, no HTTP answer (${run.http_status})`;
  return `exited ${run.exit_code ?? '?'}, no HTTP answer`;
}

function user(r: BenchResult | undefined): string {
  if (!r?.config) return '–';
  const u = r.config.user || '(root)';
  return r.config.uid != null && String(r.config.uid) !== r.config.user.split(':')[0] ? `${u} (uid ${r.config.uid})` : u;
}

function hits(r: BenchResult | undefined): string {
  const rb = r?.rebuild;
  return rb?.cacheable_steps != null ? `${rb.cache_hits}/${rb.cacheable_steps}` : '–';
}

function exampleTable(o: Outcome): string {
  const n = o.results.naive;
  const d = o.results.dockopt;
  const ref = o.results.reference;
  const cols: [string, BenchResult | undefined][] = [
    ['naive', n],
    ['dockopt', d],
  ];
  if (ref) cols.push(['reference (docker init)', ref]);
  const rows: [string, (r: BenchResult | undefined) => string, string][] = [
    ['built', (r) => (!r ? '–' : r.cold.ok ? 'yes' : '**FAILED**'), ''],
    ['image size', (r) => MB(r?.image?.size_bytes), ratio(d?.image?.size_bytes, n?.image?.size_bytes)],
    ['compressed (gzip layers)', (r) => MB(r?.image?.compressed_bytes), ratio(d?.image?.compressed_bytes, n?.image?.compressed_bytes)],
    ['base', (r) => (r?.image ? `${r.image.base.tag ?? '?'} (+${MB(r.image.added_bytes)})` : '–'), ''],
    ['layers', (r) => String(r?.image?.layers ?? '–'), ''],
    ['cold build wall s', (r) => S(r?.cold.ok ? r.cold.seconds : null), ratio(d?.cold.seconds, n?.cold.seconds)],
    ['cold build CPU s', (r) => S(r?.cold.ok ? r.cold.cpu_seconds : null), ratio(d?.cold.cpu_seconds, n?.cold.cpu_seconds)],
    ['rebuild after Go edit wall s', (r) => S(r?.rebuild?.seconds) + (staleRebuild(r) ? ' (stale: all cached)' : ''), ratio(d?.rebuild?.seconds, n?.rebuild?.seconds)],
    ['rebuild after Go edit CPU s', (r) => S(r?.rebuild?.cpu_seconds), ratio(d?.rebuild?.cpu_seconds, n?.rebuild?.cpu_seconds)],
    ['rebuild cache hits', hits, ''],
    ['first cache miss', (r) => (r?.rebuild?.first_miss ? `\`${r.rebuild.first_miss.replace(/^.*?STEP /, 'STEP ').replace(/\|/g, '\\|').slice(0, 70)}\`` : '–'), ''],
    ['user', user, ''],
    ['binary', (r) => (r?.binary ? (r.binary.present ? `${r.binary.path} (${r.binary.linkage})` : `**missing** ${r.binary.path}`) : '–'), ''],
    ['started + answered', runStatus, ''],
  ];
  const head = `| | ${cols.map((c) => c[0]).join(' | ')} | dockopt / naive |\n|---|${cols.map(() => '---|').join('')}---|`;
  const body = rows.map(([label, f, rat]) => `| ${label} | ${cols.map((c) => f(c[1])).join(' | ')} | ${rat} |`).join('\n');
  return `${head}\n${body}`;
}

const clip = (t: string, n: number) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

function summaryRow(o: Outcome): string {
  const n = o.results.naive;
  const d = o.results.dockopt;
  const verdict = o.failures.length ? '**FAIL**' : d?.cold.ok ? 'ok' : '–';
  return `| ${o.name} | ${MB(n?.image?.size_bytes)} → ${MB(d?.image?.size_bytes)} | ${ratio(d?.image?.size_bytes, n?.image?.size_bytes)} | ${ratio(d?.image?.compressed_bytes, n?.image?.compressed_bytes)} | ${S(n?.rebuild?.seconds)} → ${S(d?.rebuild?.seconds)} | ${ratio(d?.rebuild?.seconds, n?.rebuild?.seconds)} | ${ratio(d?.rebuild?.cpu_seconds, n?.rebuild?.cpu_seconds)} | ${hits(n)} → ${hits(d)} | ${user(d)} | ${answered(d) ? `HTTP ${d!.run!.http_status}` : clip(runStatus(d), 60)} | ${verdict} |`;
}

/** A list item; lines after the first (log excerpts) go into an indented code block. */
function bullet(label: string, text: string): string {
  const [first, ...rest] = text.trimEnd().split('\n');
  if (!rest.length) return `- ${label} ${first}`;
  return `- ${label} ${first}\n\n  \`\`\`\n${rest.map((l) => `  ${l}`).join('\n')}\n  \`\`\`\n`;
}

function gitDescribe(): string {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'passes'], { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  return `${rev || '?'}${dirty ? ' + uncommitted changes in src/ or passes/' : ''}`;
}

function writeReport(outcomes: Outcome[], skips: Skip[], started: Date, finished: boolean, live = true): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const ndjson = [
    ...outcomes.flatMap((o) => {
      const { results, name, ...summary } = o;
      return [
        JSON.stringify({ example: name, variant: 'summary', ...summary }),
        ...(['naive', 'dockopt', 'reference'] as Variant[])
          .filter((v) => results[v])
          .map((v) => JSON.stringify({ example: name, variant: v, ...results[v] })),
      ];
    }),
    ...skips.map((k) => JSON.stringify({ example: k.name, variant: 'skipped', why: k.why, measured: k.measured })),
  ];
  fs.writeFileSync(path.join(RESULTS_DIR, 'images.ndjson'), ndjson.join('\n') + (ndjson.length ? '\n' : ''));

  const host = outcomes.map((o) => o.results.naive?.host).find(Boolean);
  const failed = outcomes.filter((o) => o.failures.length);
  const md: string[] = [];
  md.push('# Image benchmark: naive vs dockopt-rewritten Dockerfiles');
  md.push('');
  md.push(
    `Generated by \`npm run verify:images\` (bench/images.ts) on ${started.toISOString()}` +
      `${finished ? '' : ' — **incomplete, run in progress or aborted**'}.`,
  );
  md.push('');
  md.push(
    `- machine: ${os.cpus().length} cores (os.cpus().length), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM` +
      (live ? `, load average at start ${LOAD_AT_START.toFixed(2)}` : '') +
      '; bench.sh records `load1_before` for every build in images.ndjson',
  );
  if (host) md.push(`- builder: ${host}`);
  if (outcomes.some((o) => o.measured < started.toISOString()))
    md.push('- merged report (MERGE=1): some examples were measured in earlier runs; each section gives its date and dockopt revision');
  const revs = [...new Set(outcomes.map((o) => o.dockopt))];
  const repeat = live
    ? (process.env.BENCH_REPEAT ?? '1')
    : String(Math.max(1, ...outcomes.map((o) => (o.results.naive?.cold as { runs?: unknown[] } | undefined)?.runs?.length ?? 1)));
  const logRoots = live
    ? [LOG_ROOT]
    : [...new Set(outcomes.map((o) => o.results.naive?.cold.log).filter((l): l is string => !!l).map((l) => path.dirname(path.dirname(path.dirname(l)))))];
  md.push(`- dockopt: ${(live ? [gitDescribe()] : revs).join('; ')}, CLI \`node dist/src/cli.js rewrite --format json <Dockerfile>\``);
  md.push(`- BENCH_REPEAT=${repeat} (medians of cold builds and rebuilds); build logs under ${logRoots.map((l) => `\`${l}\``).join(', ')}`);
  md.push(
    '- method: ../shared/tools/imagebench/bench.sh (buildah 1.28, local base images, RUN steps without network; every `golang:*` tag is Go 1.19). ' +
      'The naive Dockerfile is built in a copy of the context as the user had it; the rewritten one (`Dockerfile.dockopt`) in a second copy with the rewritten `.dockerignore`. ' +
      'Cold build = `--no-cache` with cache mounts cleared; rebuild = with the layer cache after appending a comment line to a Go file. ' +
      '"started + answered" = container run with `--network=none`, HTTP probed from inside its network namespace. ' +
      'Wall times are noisy on this machine (other work runs on it); compare CPU seconds. Sizes and cache hits are deterministic.',
  );
  md.push('');
  md.push(failed.length ? `**${failed.length} example(s) FAILED** — see below.` : outcomes.length ? 'Every rewritten image built, started and answered as the naive one did.' : 'Nothing was built.');
  md.push('');
  if (outcomes.length) {
    md.push('## Summary');
    md.push('');
    md.push('| example | size naive → dockopt | size ratio | gzip ratio | rebuild wall s naive → dockopt | rebuild wall ratio | rebuild CPU ratio | cache hits naive → dockopt | dockopt user | dockopt run | verdict |');
    md.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const o of outcomes) md.push(summaryRow(o));
    md.push('');
  }
  for (const o of outcomes) {
    md.push(`## ${o.name}`);
    md.push('');
    md.push(`Dockerfile: \`${o.dockerfile}\` — measured ${o.measured} with dockopt ${o.dockopt}`);
    md.push('');
    if (o.results.naive) md.push(exampleTable(o));
    md.push('');
    for (const f of o.failures) md.push(bullet('**FAIL:**', f));
    for (const n of o.notes) md.push(bullet('note:', n));
    if (o.findings.length) md.push(`- dockopt findings: ${o.findings.map((f) => `\`${f}\``).join(', ')}`);
    if (o.dockerignore) md.push(`- .dockerignore: ${o.dockerignore.status}`);
    if (o.rewritten) {
      md.push('');
      md.push('<details><summary>rewritten Dockerfile</summary>');
      md.push('');
      md.push('```dockerfile');
      md.push(o.rewritten.trimEnd());
      md.push('```');
      md.push('');
      md.push('</details>');
    }
    md.push('');
  }
  md.push('## Skipped');
  md.push('');
  if (!skips.length) md.push('None.');
  for (const s of skips) md.push(`- **${s.name}**: ${s.why}`);
  md.push('');
  fs.writeFileSync(path.join(RESULTS_DIR, 'images.md'), md.join('\n'));
}

// ------------------------------------------------------------------------------ merge

/** Outcomes and skips from an earlier images.ndjson (its `summary`, variant and `skipped` lines). */
function loadPrevious(): { outcomes: Outcome[]; skips: Skip[] } {
  const file = path.join(RESULTS_DIR, 'images.ndjson');
  const outcomes = new Map<string, Outcome>();
  const skips: Skip[] = [];
  if (!fs.existsSync(file)) return { outcomes: [], skips };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { example, variant, ...rest } = JSON.parse(line) as { example: string; variant: string } & Record<string, unknown>;
    if (variant === 'skipped') skips.push({ name: example, why: String(rest.why), measured: rest.measured as string | undefined });
    else if (variant === 'summary') outcomes.set(example, { ...(rest as unknown as Outcome), name: example, results: {} });
    else {
      const o = outcomes.get(example);
      if (o) o.results[variant as Variant] = rest as unknown as BenchResult;
    }
  }
  return { outcomes: [...outcomes.values()], skips };
}

/** Earlier results for examples not run now, plus this run's; sorted by name, sample-app last. */
function merged(previous: { outcomes: Outcome[]; skips: Skip[] }, outcomes: Outcome[], skips: Skip[]): [Outcome[], Skip[]] {
  const now = new Set([...outcomes.map((o) => o.name), ...skips.map((s) => s.name)]);
  const order = (a: { name: string }, b: { name: string }) =>
    Number(a.name === 'sample-app') - Number(b.name === 'sample-app') || a.name.localeCompare(b.name);
  return [
    [...previous.outcomes.filter((o) => !now.has(o.name)), ...outcomes].sort(order),
    [...previous.skips.filter((s) => !now.has(s.name)), ...skips].sort(order),
  ];
}

// ------------------------------------------------------------------------------ main

async function benchExample(c: Candidate, rewrite: CliResult, work: string, rev: string): Promise<Outcome> {
  const o: Outcome = {
    measured: new Date().toISOString(),
    dockopt: rev,
    name: c.name,
    dockerfile: path.relative(REPO, path.join(c.dir, c.dockerfile)).startsWith('..')
      ? path.join(c.dir, c.dockerfile)
      : path.relative(REPO, path.join(c.dir, c.dockerfile)),
    results: {},
    rewritten: rewrite.output,
    dockerignore: rewrite.dockerignore ? { status: rewrite.dockerignore.status, output: rewrite.dockerignore.output } : null,
    findings: [...new Set(rewrite.findings.map((f) => f.code))],
    failures: [],
    notes: [],
  };
  const env: Record<string, string> = {};
  if (c.marker.touch) env.BENCH_TOUCH_FILE = c.marker.touch;
  if (c.marker.port) env.BENCH_PORT = String(c.marker.port);
  if (c.marker.path) env.BENCH_HTTP_PATH = c.marker.path;

  // Naive: the context exactly as the user had it (their own .dockerignore, if any).
  const naiveCtx = path.join(work, 'naive');
  copyContext(c.dir, naiveCtx);
  const naiveFiles = [c.dockerfile, ...(c.reference ? [c.reference] : [])];
  const naiveNet = networkEnv(rewrite.original, 'the naive Dockerfile', o.notes);
  log(`${c.name}: benchmarking naive ${c.dockerfile}${c.reference ? ' and the reference' : ''} ...`);
  const nb = await benchRetry(naiveCtx, naiveFiles, { ...env, ...naiveNet }, path.join(LOG_ROOT, c.name, 'naive'));
  const [naive, reference] = nb.objects as unknown as BenchResult[];
  if (naive) o.results.naive = naive;
  if (reference) o.results.reference = reference;
  if (nb.code !== 0 || !naive) {
    o.failures.push(`infrastructure: bench.sh exited ${nb.code} on the naive context (see ${path.join(LOG_ROOT, c.name, 'naive')})`);
    return o;
  }
  if (!naive.cold.ok) {
    o.notes.push(`the naive Dockerfile does not build here, so the rewrite was not built:\n${naive.cold.error ?? ''}`);
    return o;
  }
  if (reference && !reference.cold.ok) o.notes.push(`reference build failed:\n${reference.cold.error ?? ''}`);
  for (const [label, r] of [['naive', naive], ['reference', reference]] as const)
    if (staleRebuild(r)) o.notes.push(`the ${label} rebuild took every step from the cache although a Go file changed; its rebuild time is not a real measurement`);

  // Rewritten: a second copy with Dockerfile.dockopt and the rewritten .dockerignore.
  const reCtx = path.join(work, 'dockopt');
  copyContext(c.dir, reCtx);
  fs.writeFileSync(path.join(reCtx, REWRITTEN_NAME), rewrite.output);
  if (rewrite.dockerignore) fs.writeFileSync(path.join(reCtx, '.dockerignore'), rewrite.dockerignore.output);
  const reNet = networkEnv(rewrite.output, 'the rewritten Dockerfile', o.notes);
  if (reNet.BENCH_NETWORK && !naiveNet.BENCH_NETWORK)
    o.notes.push('⚠ the rewrite added an OS package install: unlike the naive Dockerfile, the rewritten one needs a package mirror at build time');
  log(`${c.name}: benchmarking ${REWRITTEN_NAME} ...`);
  const rb = await benchRetry(reCtx, [REWRITTEN_NAME], { ...env, ...reNet }, path.join(LOG_ROOT, c.name, 'dockopt'));
  const re = rb.objects[0] as unknown as BenchResult | undefined;
  if (re) o.results.dockopt = re;
  if (rb.code !== 0 && !re) {
    o.failures.push(`infrastructure: bench.sh exited ${rb.code} on the rewritten context`);
    return o;
  }
  const j = judge(naive, re);
  o.failures.push(...j.failures);
  o.notes.push(...j.notes);
  return o;
}

async function main(): Promise<number> {
  const started = new Date();
  if (!fs.existsSync(CLI)) {
    log(`${CLI} is missing: run \`npx tsc -p .\` first (npm run verify:images does)`);
    return 2;
  }
  if (!fs.existsSync(BENCH_SH)) {
    log(`${BENCH_SH} is missing (IMAGEBENCH_DIR)`);
    return 2;
  }
  if (!DRY_RUN && !imageAvailable('golang:1.21')) {
    log('base images missing: run `sudo /work/shared/tools/imagebench/setup.sh` first');
    return 2;
  }
  if (REPORT_ONLY) {
    const prev = loadPrevious();
    const first = prev.outcomes.map((o) => o.measured).sort()[0];
    writeReport(prev.outcomes, prev.skips, first ? new Date(first) : started, true, false);
    log(`rewrote images.md from images.ndjson (${prev.outcomes.length} examples, ${prev.skips.length} skipped)`);
    return 0;
  }
  const list = candidates();
  if (ONLY.length) {
    const unknown = ONLY.filter((n) => !list.some((c) => c.name === n));
    if (unknown.length) log(`EXAMPLES names no such example: ${unknown.join(', ')}`);
  }
  const outcomes: Outcome[] = [];
  const skips: Skip[] = [];
  const rev = gitDescribe();
  const previous = MERGE ? loadPrevious() : { outcomes: [], skips: [] };
  if (MERGE) log(`MERGE=1: keeping ${previous.outcomes.length + previous.skips.length} earlier result(s) for examples not run now`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dockopt-images-'));
  try {
    for (const c of list) {
      const dfPath = path.join(c.dir, c.dockerfile);
      if (!fs.existsSync(dfPath)) {
        skips.push({ name: c.name, why: `no ${c.dockerfile} (set "dockerfile" in imagebench.json)` });
        continue;
      }
      const text = fs.readFileSync(dfPath, 'utf8');
      const why = whyUnbuildable(c, text);
      if (why) {
        log(`${c.name}: skipped: ${why}`);
        skips.push({ name: c.name, why, measured: new Date().toISOString() });
        continue;
      }
      const cli = runCli(c);
      if (!cli.ok) {
        log(`${c.name}: FAIL: ${cli.error}`);
        outcomes.push({ name: c.name, dockerfile: dfPath, results: {}, findings: [], failures: [cli.error], notes: [], measured: new Date().toISOString(), dockopt: rev });
        continue;
      }
      const r = cli.result;
      if (r.output === r.original && (!r.dockerignore || r.dockerignore.status === 'unchanged')) {
        const codes = [...new Set(r.findings.map((f) => f.code))].join(', ');
        skips.push({ name: c.name, why: `dockopt leaves it unchanged${codes ? ` (findings: ${codes})` : ''}` });
        continue;
      }
      const reMissing = baseImages(r.output).filter((i) => !imageAvailable(i));
      if (reMissing.length) {
        skips.push({ name: c.name, why: `the rewrite uses base images not available locally: ${reMissing.join(', ')}` });
        continue;
      }
      if (DRY_RUN) {
        log(`${c.name}: would build ${c.dockerfile} and ${REWRITTEN_NAME}`);
        continue;
      }
      const dir = path.join(work, c.name);
      fs.mkdirSync(dir);
      const o = await benchExample(c, r, dir, rev);
      outcomes.push(o);
      for (const f of o.failures) log(`${c.name}: FAIL: ${f}`);
      writeReport(...merged(previous, outcomes, skips), started, false);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (DRY_RUN) return 0;
  const [allOutcomes, allSkips] = merged(previous, outcomes, skips);
  writeReport(allOutcomes, allSkips, started, true);
  const failed = outcomes.filter((o) => o.failures.length);
  log(`wrote ${path.relative(REPO, path.join(RESULTS_DIR, 'images.md'))} and images.ndjson: ${outcomes.length} built, ${skips.length} skipped, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main().then(
  (code) => process.exit(code),
  (e) => {
    log(`crashed: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
