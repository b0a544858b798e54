import { posix } from 'node:path';
import type { ContextFacts } from '../src/context/facts.js';
import { isIgnored } from '../src/dockerignore/rules.js';
import { copyArguments, logicalText, splitFlags, type Instr, type Stage } from '../src/dockerfile/model.js';
import { definePass, shortCommand } from '../src/pass.js';
import { stageChain, type BuildPlan, type GoBuild } from '../src/analysis/plan.js';
import { printInstruction, shellWord } from '../src/dockerfile/print.js';
import type { GoModule } from '../ecosystems/go/facts.js';
import { goFacts } from '../ecosystems/go/index.js';

/** COPY/ADD flags that keep a copy of `.` a plain copy of the whole build context. */
const PLAIN_COPY_FLAGS = new Set(['chown', 'chmod', 'link']);
/** Flags worth repeating on the inserted go.mod copy, so it lands exactly as the source copy would put it. */
const REPEATED_COPY_FLAGS = new Set(['chown', 'chmod']);
/**
 * Instructions that may stand between the source copy and a late `go mod download` without
 * changing what the download sees (no files, env, user, directory or shell change).
 */
const NEUTRAL_KEYWORDS = new Set(['LABEL', 'EXPOSE', 'STOPSIGNAL', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'MAINTAINER']);
/** Where the go command keeps modules and build results, as the env can move them. */
const CACHE_ENV = /\b(GOPATH|GOMODCACHE|GOCACHE|HOME|XDG_CACHE_HOME)\b/;

/**
 * Puts the module download in a layer of its own, before the source copy, so that editing the
 * source does not download every dependency again (DESIGN §3 pass 2, PATTERNS P2/P3/P16).
 */
export default definePass({
  id: 'dependency-cache',
  summary: 'Download Go modules in a layer of their own, before the source is copied.',
  rationale:
    'With `COPY . .` before `go build`, every source edit invalidates the layer that fetches the modules, so each rebuild downloads all dependencies again. Copying go.mod and go.sum first and running `go mod download` makes that layer depend on the dependency list only; with BuildKit, cache mounts also keep the module and build caches between builds.',
  fix: 'safe',
  related: [],
  messages: {
    'download-added': {
      severity: 'info',
      text: 'Added `{{download}}` before `{{copy}}`, with {{files}} copied first: modules are now downloaded in a layer that is reused until those files change, instead of after every source edit.',
    },
    'download-moved': {
      severity: 'info',
      text: 'Moved `{{download}}` before `{{copy}}`, with {{files}} copied first: it ran after the source copy, so every source edit downloaded all modules again.',
    },
    'cache-mounts': {
      severity: 'info',
      text: 'Added BuildKit cache mounts for {{targets}} to `{{command}}`: the module and build caches survive between builds, so a rebuild only recompiles what changed. Set `buildkit: false` for plain `docker build` output.',
    },
    vendored: {
      severity: 'info',
      text: 'Dependencies are vendored ({{evidence}}): no `go mod download` was added, because the build reads vendor/ and needs no network.',
    },
    'replace-outside-context': {
      severity: 'warning',
      text: '{{file}} `{{directive}}` points outside the build context, where Docker cannot copy from: no `go mod download` layer was added, and the build itself cannot see that module either. Build from a context that contains it, or require a published version instead.',
    },
    'download-in-build-run': {
      severity: 'info',
      text: '`{{command}}` downloads the modules and builds in the same RUN, after `{{copy}}`: splitting a RUN is not done automatically. Move `go mod download` into its own RUN before the source copy, after `COPY go.mod go.sum ./`.',
    },
    'late-download-kept': {
      severity: 'info',
      text: '`{{command}}` runs after `{{copy}}`, so every source edit downloads all modules again; it was not moved because {{reason}}. Move it before the source copy yourself if it does not depend on that.',
    },
    'no-modules': {
      severity: 'info',
      text: '`{{image}}` has Go 1.{{minor}}, which predates modules (Go 1.11): its builds ignore go.mod, so no `go mod download` was added.',
    },
    'modules-off-in-gopath': {
      severity: 'info',
      text: '`{{image}}` has Go 1.{{minor}}, which turns modules off inside $GOPATH/src ({{dir}}) unless GO111MODULE=on: no `go mod download` was added.',
    },
    'modules-disabled': {
      severity: 'info',
      text: 'The build sets GO111MODULE=off, so go ignores go.mod: no `go mod download` was added.',
    },
    'legacy-go-get': {
      severity: 'info',
      text: '`{{command}}` fetches dependencies with `go get`, which in module mode edits go.mod and is meant for adding dependencies: use `go mod download` for the module\'s dependencies and `go install pkg@version` for tools.',
    },
  },
  docs: {
    description:
      'In the Go build stage, when the whole context is copied (`COPY . <dir>`, `ADD . <dir>`) before `go build` and the context has a `go.mod` at its root, inserts before that copy `COPY go.mod go.sum <dir>` (only files that exist, plus the go.mod/go.sum of local `replace` targets and `go.work` with its members\' go.mod) and `RUN go mod download`. A `go mod download` that runs after the source copy is moved instead of duplicated. With BuildKit (the default) the download and the build RUN get cache mounts for the module cache and the build cache. Nothing is added where go ignores go.mod — GO111MODULE=off, a golang image before Go 1.11, or Go 1.11/1.12 inside $GOPATH/src without GO111MODULE=on — but the build cache is still mounted. No download is added either for vendored modules (vendor/modules.txt, `-mod=vendor`) or when the split already exists (including `RUN --mount=type=bind,source=go.mod …`); there too the build RUN only gets the build cache, unless it already mounts a cache. Nothing at all is changed when the stage this one is built FROM downloads the modules, or when a `replace` or `use` target lies outside the build context (a warning says why). No cache mounts are added under a non-root USER (a cache mount is owned by root) or with `buildkit: false`. A late download that cannot be moved safely (it also builds, runs other commands, or an instruction between may change what it fetches) stays, with a finding.',
    before: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\nEXPOSE 8080\nCMD ["/server"]\n',
    after:
      'FROM golang:1.22\nWORKDIR /app\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /server .\nEXPOSE 8080\nCMD ["/server"]\n',
    findings: ['download-added', 'cache-mounts'],
    context: {
      'go.mod': 'module github.com/acme/orders\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n',
      'go.sum': 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n',
      'main.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.Run(":8080")\n}\n',
    },
  },
  apply(ctx) {
    const plan = ctx.plan();
    if ((plan.kind !== 'go-single-stage' && plan.kind !== 'go-multi-stage') || plan.uncertain.length > 0) return;
    const stage = plan.buildStage;
    if (!stage) return;
    // Versioned tool installs (`go install x@v`) do not read the module: only the project's builds count.
    const builds = plan.builds.filter((b) => b.stage.from === stage.from && !b.versioned);
    if (builds.length === 0) return;
    const { model, facts, config } = ctx;
    const go = goFacts(facts);
    const escape = model.style.escape;
    const body = stage.body;
    const firstBuild = Math.min(...builds.map((b) => body.indexOf(b.instr)));

    // Whether the go command reads go.mod at all (the plan's ModulesOff): a build in GOPATH
    // mode has no module download to move.
    const image = plan.baseImages[stageChain(plan, stage)[0]!.index] ?? '';
    const off = builds.map((b) => b.modulesOff).find((o) => o !== null) ?? null;
    const modulesOff: { code: 'no-modules' | 'modules-off-in-gopath' | 'modules-disabled'; data: Record<string, string | number> } | null =
      off === null
        ? null
        : off.reason === 'env'
          ? { code: 'modules-disabled', data: {} }
          : off.reason === 'go-version'
            ? { code: 'no-modules', data: { image, minor: off.minor } }
            : { code: 'modules-off-in-gopath', data: { image, minor: off.minor, dir: off.dir } };

    // Without go.mod (or with modules off) the build is in GOPATH mode, where `go get -d` is how
    // dependencies are fetched.
    for (const instr of go.goMod && !modulesOff ? body : []) {
      if (instr.keyword !== 'RUN' || instr.opaque) continue;
      const logical = logicalText(instr.text, escape);
      const goGet = /\bgo\s+get\b[^;&|]*/.exec(logical);
      if (goGet) ctx.report({ code: 'legacy-go-get', data: { command: shortCommand(goGet[0]) }, at: instr });
    }

    // ── The source copy: the whole context, before the first build.
    const copyIndex = body.slice(0, firstBuild).findIndex((i) => wholeContextCopy(i, escape) !== null);
    const isDownload = (i: Instr) => i.keyword === 'RUN' && /\bgo\s+mod\s+download\b/.test(logicalText(i.text, escape));
    const lastBuild = Math.max(...builds.map((b) => body.indexOf(b.instr)));
    const caches = cachePaths(plan, stage, builds, body.slice(0, lastBuild + 1), body.slice(Math.max(copyIndex, 0) + 1, firstBuild + 1), config.buildkit);
    /** The build RUNs get cache mounts for `targets` they do not mount yet. */
    const mountOnBuilds = (targets: string[]) => {
      for (const instr of new Set(builds.map((b) => b.instr))) {
        if (instr.opaque) continue;
        const present = mountTargets(instr, escape);
        const missing = targets.filter((t) => !present.has(t));
        if (missing.length === 0) continue;
        const keywordEnd = /^\s*[A-Za-z]+/.exec(instr.text)![0].length;
        const command = shortCommand(logicalText(instr.text, escape));
        model.insertText(instr, keywordEnd, missing.map((t) => ` --mount=type=cache,target=${t}`).join(''));
        ctx.report({ code: 'cache-mounts', data: { targets: missing.join(' and '), command }, at: instr, fixed: true });
      }
    };
    // Where modules are already in a layer (an existing split, vendor/), only the build cache
    // is mounted: a module-cache mount would hide the modules in the layer, but the build
    // cache is what makes a rebuild after a code change fast. A file whose builds already
    // mount any cache was tuned by its author and is left as written.
    const buildCacheOnly = () => {
      const tuned = builds.some((b) => [...mountTargets(b.instr, escape)].length > 0);
      if (caches?.build && !tuned) mountOnBuilds([caches.build]);
    };
    // Selective copies (`COPY go.mod go.sum ./`, download, `COPY *.go ./`): the split exists.
    if (copyIndex < 0) return body.slice(0, firstBuild).some(isDownload) ? buildCacheOnly() : undefined;
    const sourceCopy = body[copyIndex]!;
    const copy = wholeContextCopy(sourceCopy, escape)!;
    const copyDir = plan.workdirAt.get(sourceCopy.id);
    if (copyDir === undefined || !copyDir.startsWith('/') || copy.dest.includes('$')) return;
    const dest = resolvePath(copyDir, copy.dest);
    const copyText = shortCommand(logicalText(sourceCopy.text, escape));

    // The module (or workspace) must be at the context root, and every build must run in it.
    const workspace = go.goWork?.path === 'go.work' ? go.goWork : null;
    // GOPATH mode (no go.mod) has no module download to move, but its builds use the build cache.
    if (!go.goMod && !workspace) return go.goModules.length === 0 ? buildCacheOnly() : undefined;
    if (!builds.every((b) => isUnder(b.workdir, dest))) return;
    if (modulesOff) {
      ctx.report({ code: modulesOff.code, data: modulesOff.data, at: sourceCopy });
      return buildCacheOnly();
    }

    // ── An existing split (COPY go.mod + download, or a bind-mounted go.mod) is left alone,
    // also when a stage this one is built FROM downloads.
    const ancestors = stageChain(plan, stage).slice(0, -1);
    if (ancestors.some((s) => s.body.some(isDownload))) return;
    const downloads = body.filter(isDownload);
    if (downloads.some((d) => body.indexOf(d) < copyIndex)) return buildCacheOnly();

    const vendorEvidence = vendoring(facts, builds);
    if (vendorEvidence) {
      ctx.report({ code: 'vendored', data: { evidence: vendorEvidence }, at: sourceCopy });
      return buildCacheOnly();
    }

    // ── What the download needs from the context: go.mod/go.sum of every module it reads.
    const needed = moduleFiles(facts);
    if ('outside' in needed) {
      ctx.report({ code: 'replace-outside-context', data: needed.outside, at: sourceCopy });
      return;
    }
    if ('missing' in needed) return;
    const ignore = facts.dockerignore;
    const inContext = (file: string) => ignore === null || !isIgnored(ignore, file);
    if (!needed.required.every(inContext)) return;
    const files = [...needed.required, ...needed.optional.filter(inContext)].sort(compareFiles);
    const alreadyCopied = copiedFiles(body.slice(0, copyIndex), plan, escape);
    const toCopy = files.filter((f) => !alreadyCopied.has(posix.join(dest, f)));

    // ── A late download is moved, if nothing between the copy and it can matter to it.
    const late = downloads[0] ?? null;
    if (late) {
      const command = shortCommand(splitFlags(logicalText(late.text, escape)).rest);
      const blocker = lateDownloadBlocker(late, body.slice(copyIndex + 1, body.indexOf(late)), escape);
      if (blocker === 'builds') {
        ctx.report({ code: 'download-in-build-run', data: { command, copy: copyText }, at: late });
        return;
      }
      const reason = blocker ?? (copyDir === dest ? null : `it runs in ${copyDir}, not in the module directory ${dest}`);
      if (reason !== null) {
        ctx.report({ code: 'late-download-kept', data: { command, copy: copyText, reason }, at: late });
        return;
      }
    }

    const style = model.style;
    const copies = groupByDirectory(toCopy).map(([dir, sources]) =>
      model.create(
        printInstruction({ kind: 'COPY', flags: copy.repeatedFlags, sources, dest: dir === '' ? copy.destDir : `${copy.destDir}${dir}/` }, style),
      ),
    );
    let modCacheMounted: boolean;
    if (late) {
      modCacheMounted = caches !== null && mountTargets(late, escape).has(caches.modules);
      model.insertBefore(sourceCopy, ...copies);
      model.moveBefore(late, sourceCopy);
      ctx.report({
        code: 'download-moved',
        data: { download: shortCommand(logicalText(late.text, escape)), copy: copyText, files: files.join(', ') },
        at: late,
        fixed: true,
      });
    } else {
      const commands = copyDir === dest ? ['go mod download'] : [`cd ${shellWord(dest)}`, 'go mod download'];
      const mounts = caches ? [`type=cache,target=${caches.modules}`] : [];
      const download = model.create(printInstruction({ kind: 'RUN', mounts, commands }, style));
      modCacheMounted = caches !== null;
      model.insertBefore(sourceCopy, ...copies, download);
      ctx.report({
        code: 'download-added',
        data: { files: files.join(', '), download: shortCommand(download.text), copy: copyText },
        at: sourceCopy,
        fixed: true,
      });
    }

    // ── The build RUNs share the caches the download filled.
    if (!caches) return;
    mountOnBuilds([...(modCacheMounted ? [caches.modules] : []), ...(caches.build ? [caches.build] : [])]);
  },
});

// ---------------------------------------------------------------------------------------
// Reading instructions

interface WholeContextCopy {
  dest: string;
  /** The destination as written, as a directory (`.` → `./`, `/app` → `/app/`). */
  destDir: string;
  repeatedFlags: string[];
}

/** `COPY . <dest>` / `ADD . <dest>` / `COPY ./ ./`: the whole build context, no other source. */
function wholeContextCopy(instr: Instr, escape: string): WholeContextCopy | null {
  const args = copyArguments(instr, escape);
  if (!args || args.sources.length !== 1 || (args.sources[0] !== '.' && args.sources[0] !== './')) return null;
  if (!args.flags.every((f) => PLAIN_COPY_FLAGS.has(f.name))) return null;
  const destDir = args.dest.endsWith('/') ? args.dest : `${args.dest}/`;
  return { dest: args.dest, destDir, repeatedFlags: args.flags.filter((f) => REPEATED_COPY_FLAGS.has(f.name)).map((f) => f.raw) };
}

/** Absolute paths of context files that earlier COPY instructions put in place. */
function copiedFiles(instrs: Instr[], plan: BuildPlan, escape: string): Set<string> {
  const out = new Set<string>();
  for (const instr of instrs) {
    const args = copyArguments(instr, escape);
    const dir = plan.workdirAt.get(instr.id);
    if (!args || dir === undefined || args.flags.some((f) => f.name === 'from') || args.dest.includes('$')) continue;
    const dest = resolvePath(dir, args.dest);
    const intoDir = args.dest.endsWith('/') || args.sources.length > 1 || args.dest === '.';
    for (const source of args.sources) {
      const file = posix.normalize(source);
      out.add(posix.join(dest, posix.basename(file)));
      if (!intoDir) out.add(dest);
    }
  }
  return out;
}

/** `--mount` targets of a RUN (any mount type: a bind mount there would clash as well). */
function mountTargets(instr: Instr, escape: string): Set<string> {
  const targets = new Set<string>();
  for (const flag of splitFlags(logicalText(instr.text, escape)).flags) {
    if (flag.name !== 'mount') continue;
    for (const option of flag.value.split(',')) {
      const [key, value] = option.split('=');
      if ((key === 'target' || key === 'dst' || key === 'destination') && value) targets.add(posix.normalize(value).replace(/(.)\/$/, '$1'));
    }
  }
  return targets;
}

/**
 * Why a late download RUN cannot be moved before the source copy (null: it can be moved).
 * `builds` when the same RUN also builds: splitting one RUN is left to the user.
 */
function lateDownloadBlocker(run: Instr, between: Instr[], escape: string): string | null {
  const { rest } = splitFlags(logicalText(run.text, escape));
  if (/\bgo\s+(build|install)\b/.test(rest)) return 'builds';
  const commands = rest.split(/&&|;/).map((c) => c.trim());
  const simple =
    !/["'`$|#()<>\\]/.test(rest) &&
    commands.every((c) => /^go\s+mod\s+(download|verify)(\s+[^\s]+)*$/.test(c)) &&
    commands.some((c) => /^go\s+mod\s+download\b/.test(c));
  if (!simple) return 'the same RUN runs other commands too';
  const blocker = between.find((i) => !NEUTRAL_KEYWORDS.has(i.keyword));
  return blocker ? `the ${blocker.keyword} between them may change what it downloads` : null;
}

// ---------------------------------------------------------------------------------------
// The modules a download reads

/** Evidence that the build uses vendor/ rather than downloaded modules, or null. */
function vendoring(facts: ContextFacts, builds: GoBuild[]): string | null {
  if (goFacts(facts).goMod?.vendored) return 'vendor/modules.txt';
  for (const b of builds) {
    if (b.args.some((a) => a === '-mod=vendor' || a === '--mod=vendor')) return '-mod=vendor';
    const modIndex = b.args.findIndex((a) => a === '-mod' || a === '--mod');
    if (modIndex >= 0 && b.args[modIndex + 1] === 'vendor') return '-mod vendor';
    if (/-mod=vendor/.test(b.env.GOFLAGS ?? '')) return 'GOFLAGS=-mod=vendor';
  }
  return null;
}

type ModuleFiles =
  | { required: string[]; optional: string[] }
  | { outside: { file: string; directive: string } }
  | { missing: string };

/**
 * go.mod (required) and go.sum, go.work, go.work.sum (when present) of the root module, the
 * workspace members and every local `replace` target they reach, relative to the context root.
 */
function moduleFiles(facts: ContextFacts): ModuleFiles {
  const go = goFacts(facts);
  const byDir = new Map<string, GoModule>(go.goModules.map((m) => [m.dir, m]));
  if (go.goMod) byDir.set('', go.goMod);
  const required: string[] = [];
  const optional: string[] = [];
  const work = go.goWork?.path === 'go.work' ? go.goWork : null;
  const pending: string[] = go.goMod ? [''] : [];
  if (work) {
    optional.push('go.work');
    if (work.hasGoWorkSum) optional.push('go.work.sum');
    for (const use of work.uses) {
      if (use === null) return { outside: { file: 'go.work', directive: 'use' } };
      pending.push(use);
    }
  }
  const seen = new Set<string>();
  for (let dir = pending.shift(); dir !== undefined; dir = pending.shift()) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const file = dir === '' ? 'go.mod' : `${dir}/go.mod`;
    const mod = byDir.get(dir);
    // A module the go command reads but the facts do not know (its replaces unknown): leave it.
    if (!mod) return { missing: file };
    required.push(file);
    if (mod.hasGoSum) optional.push(dir === '' ? 'go.sum' : `${dir}/go.sum`);
    for (const replace of mod.replaces) {
      if (!replace.local) continue;
      if (replace.targetDir === null) return { outside: { file, directive: `replace ${replace.from} => ${replace.to}` } };
      pending.push(replace.targetDir);
    }
  }
  return { required, optional };
}

const FILE_ORDER = ['go.mod', 'go.sum', 'go.work', 'go.work.sum'];

function dirOf(file: string): string {
  const d = posix.dirname(file);
  return d === '.' ? '' : d;
}

/** Root files first, then by directory; go.mod before go.sum before go.work before go.work.sum. */
function compareFiles(a: string, b: string): number {
  const da = dirOf(a);
  const db = dirOf(b);
  if (da !== db) return da === '' ? -1 : db === '' ? 1 : da < db ? -1 : 1;
  return FILE_ORDER.indexOf(posix.basename(a)) - FILE_ORDER.indexOf(posix.basename(b));
}

/** Files grouped by their directory (root first), each group one COPY. */
function groupByDirectory(files: string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const f of [...files].sort(compareFiles)) groups.set(dirOf(f), [...(groups.get(dirOf(f)) ?? []), f]);
  return [...groups];
}

// ---------------------------------------------------------------------------------------
// Cache mounts

/**
 * The module cache and build cache directories for the cache mounts, or null when cache
 * mounts must not be used: BuildKit off, a non-root USER (a cache mount is owned by root),
 * or cache locations dockopt cannot read for certain.
 */
function cachePaths(
  plan: BuildPlan,
  stage: Stage,
  builds: GoBuild[],
  throughLastBuild: Instr[],
  betweenCopyAndBuild: Instr[],
  buildkit: boolean,
): { modules: string; build: string | null } | null {
  if (!buildkit) return null;
  const chain = stageChain(plan, stage);
  const before = [...chain.slice(0, -1).flatMap((s) => s.body), ...throughLastBuild];
  if (before.some((i) => i.keyword === 'USER' && !/^(root|0)(:(root|0))?$/.test(i.rawArguments.trim()))) return null;
  // The env must be the same where the download runs and where the builds run.
  if (betweenCopyAndBuild.some((i) => (i.keyword === 'ENV' || i.keyword === 'ARG') && CACHE_ENV.test(i.text))) return null;
  const env = builds[0]!.env;
  const known = (name: string): string | null | undefined => {
    const values = new Set(builds.map((b) => b.env[name]));
    if (values.size > 1) return null;
    const value = env[name];
    if (value === undefined) return undefined;
    return value.startsWith('/') && !value.includes('$') ? value.replace(/(.)\/$/, '$1') : null;
  };
  const golang = chain.some((s) => isGolangImage(plan.baseImages[s.index] ?? null));
  const home = known('HOME');
  if (home === null) return null;
  const gopath = known('GOPATH');
  const modcache = known('GOMODCACHE');
  if (gopath === null || modcache === null) return null;
  const modules = modcache ?? `${(gopath ?? (golang ? '/go' : `${home ?? '/root'}/go`)).split(':')[0]}/pkg/mod`;
  const gocacheRaw = env.GOCACHE;
  if (gocacheRaw === 'off') return { modules, build: null };
  const gocache = known('GOCACHE');
  const xdg = known('XDG_CACHE_HOME');
  if (gocache === null || xdg === null) return null;
  const build = gocache ?? `${xdg ?? `${home ?? '/root'}/.cache`}/go-build`;
  return { modules: posix.normalize(modules), build: posix.normalize(build) };
}

function isGolangImage(image: string | null): boolean {
  if (!image) return false;
  const name = image.toLowerCase().split('@')[0]!.replace(/:[^/]*$/, '');
  return name.split('/').pop() === 'golang';
}

// ---------------------------------------------------------------------------------------

function resolvePath(dir: string, p: string): string {
  return posix.normalize(p.startsWith('/') ? p : posix.join(dir, p)).replace(/(.)\/$/, '$1');
}

function isUnder(p: string, dir: string): boolean {
  return dir === '/' ? p.startsWith('/') : p === dir || p.startsWith(`${dir}/`);
}

