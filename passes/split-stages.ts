import path from 'node:path/posix';
import { isIgnored } from '../src/dockerignore/rules.js';
import { copyArguments, type Instr, type Stage } from '../src/dockerfile/model.js';
import { definePass } from '../src/pass.js';
import type { BuildPlan } from '../src/analysis/plan.js';
import { printInstruction } from '../src/dockerfile/print.js';
import { chooseRuntime, decideCgo, type RuntimeNeeds } from '../src/runtime-image/choose.js';
import { goFacts } from '../ecosystems/go/index.js';

/** Uncertainties that mean dockopt cannot see the build at all. */
const OPAQUE_BUILDS = new Set(['make-build', 'script-build', 'windows-image', 'opaque-build']);
/** Instructions that describe the running image, not the build: they move to the runtime stage. */
const RUNTIME_KEYWORDS = new Set(['EXPOSE', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'LABEL', 'STOPSIGNAL', 'VOLUME']);
/** ENV names that only steer the Go toolchain; everything else may matter at run time. */
const BUILD_ONLY_ENV = /^(GO[A-Z0-9_]*|CGO_[A-Z_]+|CC|CXX|PATH)$/;
/** The PATH of the runtime images dockopt chooses. */
const RUNTIME_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
/** Context entries that are never runtime data (used to keep the "left out" finding quiet). */
const NEVER_RUNTIME = /^(\.[^/]*|vendor|testdata|node_modules|Dockerfile.*|.*\.Dockerfile|.*\.dockerfile|Containerfile|docker-compose.*|compose.*\.ya?ml|Makefile|LICEN[CS]E.*|README.*|CHANGELOG.*|.*\.md|go\.(mod|sum|work|work\.sum)|.*\.go|.*_test\.go)$/i;

export default definePass({
  id: 'split-stages',
  summary: 'Split a single Go build stage into a build stage and a small runtime stage.',
  rationale:
    'A single golang stage ships the compiler, the module cache and the sources: ~800 MB where the program needs ~10 MB. A runtime stage that carries only the binary and the files it reads at run time is smaller, starts faster and has far less to patch.',
  fix: 'safe',
  related: [],
  options: {
    keep: {
      type: 'string[]',
      description: 'Context paths (files, directories or globs) the program reads at run time that dockopt cannot see in the Go source; the runtime stage carries them.',
    },
  },
  messages: {
    split: {
      severity: 'info',
      text: 'Split into a "{{build}}" stage and a {{runtime}} runtime stage that carries {{carried}}.',
    },
    declined: {
      severity: 'warning',
      text: 'Not split into build and runtime stages: {{reason}}. {{advice}}',
    },
    'runtime-note': {
      severity: 'info',
      text: 'Runtime image {{image}}: {{note}}.',
    },
    'shell-form-converted': {
      severity: 'info',
      text: '{{keyword}} was in shell form; it is now in exec form so it runs without /bin/sh and receives signals directly.',
    },
    'left-out': {
      severity: 'info',
      text: 'These paths were in the old image through "COPY . ." and are not in the runtime stage, because no Go source reads them: {{paths}}. If the program reads them at run time, list them in the config under passes.split-stages.keep.',
    },
    'runtime-file-missing': {
      severity: 'info',
      text: '{{file}}:{{line}} reads "{{pattern}}" ({{via}}), which is not in the build context; nothing is copied for it.',
    },
  },
  docs: {
    description:
      'For a Dockerfile with one stage that builds Go with `go build`/`go install`: names the stage `build` (an existing name is kept), and adds a runtime stage with the binaries (at the paths the start command expects), the files the Go source reads at run time (templates, static files, configs named in CMD, paths listed in `passes.split-stages.keep`), the non-Go files the stage COPYs, WORKDIR, run-time ENV, EXPOSE, HEALTHCHECK, LABEL, VOLUME, STOPSIGNAL, a numeric USER set after the last RUN, and the start command (a plain shell-form command becomes exec form). The runtime image is chosen from what the program needs: distroless/static by default, distroless/base for cgo on glibc, the builder\'s alpine for cgo on musl, debian-slim when a shell or curl is needed. Declines (with a finding) when the build is done by make, a script or a heredoc, the start runs `go run`, a script or several binaries, there is no start command, the binary cannot be resolved, a later command may remove or move a built binary (`rm`, `mv`, `find -delete`, `go clean -i`), cgo links a library whose runtime package dockopt cannot name, a start script is neither in the context nor copied, or the image is Windows. `./...` builds are resolved against the context\'s main packages (module or GOPATH mode), and every binary a build writes is carried.',
    before: 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\nEXPOSE 8080\nCMD ["./server"]\n',
    after:
      'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /app\nCOPY --from=build /app/server /app/server\nEXPOSE 8080\nCMD ["./server"]\n',
    findings: ['split'],
  },
  apply(ctx) {
    const plan = ctx.plan();
    if (plan.kind !== 'go-single-stage') return;
    const model = ctx.model;
    const go = goFacts(ctx.facts);
    const stage = plan.buildStage;
    if (plan.stages.length !== 1) return;
    const from = stage?.from ?? plan.stages[0]!.from;
    /** `why` is a stable short code (the plan's uncertainty code where there is one), for summaries and bots. */
    const decline = (reason: string, advice: string, at: Instr | null = from, why = 'unsupported-shape') =>
      ctx.report({ code: 'declined', data: { reason, advice, code: why }, at });

    // Reported even when no stage runs go build: `RUN make build` and `CMD ["go", "run", …]`
    // are exactly the builds dockopt will not restructure, and the user should hear why.
    if (plan.uncertain.length > 0) {
      for (const u of plan.uncertain) {
        if (!stage && u.code === 'no-start') continue;
        // With the build itself out of reach (make, a script, Windows), an unmatched start program says nothing new.
        if (u.code === 'unresolved-binary' && plan.uncertain.some((o) => OPAQUE_BUILDS.has(o.code))) continue;
        const [reason, advice] = explainUncertainty(u.code, u.data);
        decline(reason, advice, u.at ?? from, u.code);
      }
      return;
    }
    if (!stage) return;
    if (stage.from.opaque || stage.body.some((i) => i.opaque && RUNTIME_KEYWORDS.has(i.keyword))) {
      return decline('an instruction uses syntax dockopt keeps as opaque text (heredoc)', 'Split the stages by hand.', from, 'opaque-instruction');
    }
    const start = plan.start;
    // Every binary a build writes goes to the runtime (a start script may run any of them).
    if (!start.build || !start.programPath || plan.builds.some((b) => b.unresolvedReason !== null || b.binaryPaths.length === 0)) {
      return decline(
        'the binary the start command runs could not be matched to a go build output',
        'Give go build an explicit -o path and start that path.',
        start.cmd?.instr ?? start.entrypoint?.instr ?? stage.from,
        'unresolved-binary',
      );
    }
    const builderImage = plan.baseImages[0] ?? null;
    if (!builderImage) return decline('the base image comes from a build argument with no default', 'Give the ARG a default.', from, 'from-variable');

    // ── Start command: a plain shell-form command runs the same way in exec form.
    const startInstrs = [start.entrypoint, start.cmd].filter((s) => s !== null);
    const execConversions = new Map<Instr, string[]>();
    let needsShell = false;
    for (const s of startInstrs) {
      if (s.form === 'exec') {
        // A start script (ENTRYPOINT ["./docker-entrypoint.sh"] that execs CMD) runs under /bin/sh too.
        if (/^(\/bin\/)?(ba)?sh$/.test(s.argv[0] ?? '') || /\.sh$/.test(s.argv[0] ?? '')) needsShell = true;
        continue;
      }
      const words = plainWords(s.argv[0] ?? '');
      if (words) execConversions.set(s.instr, words);
      else needsShell = true;
    }
    if (start.program && /\.sh$/.test(start.program)) needsShell = true;

    const healthchecks = stage.body.filter((i) => i.keyword === 'HEALTHCHECK');
    const healthText = healthchecks.map((h) => h.rawArguments).join('\n');
    const curl = /\b(curl|wget)\b/.test(healthText);
    const healthShell = healthchecks.some((h) => /\bCMD\s+(?!\[)/i.test(h.rawArguments) && !/^\s*NONE\b/i.test(h.rawArguments));

    const cgo = decideCgo(go.cgo, stage, plan.builds, builderImage);
    const tzFromEnv = stage.body.some((i) => i.keyword === 'ENV' && /\bTZ[= ]/.test(i.rawArguments));
    const needs: RuntimeNeeds = {
      cgo,
      shell: needsShell || healthShell,
      curl,
      certificates: go.needsCaCertificates,
      tzdata: go.needsTzdata || tzFromEnv,
      builderImage,
    };
    const runtime = chooseRuntime(ctx.config, needs);
    if ('decline' in runtime) return decline(runtime.decline, 'Keep cgo and choose the runtime by hand, or set CGO_ENABLED=0 if the C code is optional.', from, 'cgo-unplaceable');

    // ── Where things land in the runtime stage.
    const workdir = plan.workdir;
    const wholeCopy = findWholeContextCopy(stage, plan, model.style.escape);
    const binaries = plan.builds.flatMap((b) =>
      b.binaryPaths.map((from) => {
        const started = b === start.build && (b.binaryPaths.length === 1 || from === start.programPath);
        return { build: b, from, to: runtimeBinaryPath(from, started, start.program) };
      }),
    );
    const assetCopies = stage.body.filter((i) => isAssetCopy(i, go.goFiles, model.style.escape));
    // An asset COPY made where the WORKDIR differs from the runtime's gets an absolute destination.
    const relocated = new Map<Instr, string | null>();
    for (const asset of assetCopies) {
      const at = plan.workdirAt.get(asset.id) ?? workdir;
      if (at !== workdir) relocated.set(asset, absoluteDestCopy(asset, at, model.style));
    }
    const unreadable = [...relocated].find(([, text]) => text === null);
    if (unreadable) {
      return decline('a COPY of run-time files has quoted or escaped words dockopt cannot relocate', 'Split the stages by hand.', unreadable[0], 'unreadable-copy');
    }
    // Config validation (options below) guarantees an array of strings.
    const keep = (ctx.options.keep as string[] | undefined) ?? [];

    const runtimeFiles = new Map<string, string>();
    const addRuntimePath = (rel: string) => {
      const abs = path.resolve(workdir, rel);
      if (!runtimeFiles.has(abs)) runtimeFiles.set(abs, abs);
    };
    if (wholeCopy) {
      const refs = [
        ...go.runtimeFiles.map((r) => ({ ...r })),
        ...startArgumentPaths(startInstrs.flatMap((s) => (s.form === 'exec' ? s.argv.slice(1) : (execConversions.get(s.instr) ?? []).slice(1)))).map(
          (p) => ({ pattern: p, via: 'a start command argument', file: 'Dockerfile', line: 0 }),
        ),
        ...keep.map((p) => ({ pattern: p, via: 'passes.split-stages.keep', file: 'config', line: 0 })),
      ];
      for (const ref of refs) {
        const literal = literalPrefix(ref.pattern);
        if (!literal) continue;
        const abs = path.resolve(workdir, literal);
        const rel = path.relative(wholeCopy.dest, abs);
        if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
        const inContext = rel === '' ? false : ctx.facts.hasFile(rel) || ctx.facts.hasDir(rel);
        const excluded = ctx.facts.dockerignore !== null && inContext && isIgnored(ctx.facts.dockerignore, rel);
        if (!inContext || excluded) {
          if (ref.line > 0) ctx.report({ code: 'runtime-file-missing', data: { file: ref.file, line: ref.line, pattern: ref.pattern, via: ref.via } });
          continue;
        }
        if (embedded(rel, go.embeds)) continue;
        // A file inside a directory (templates/index.html) stands for the directory: programs
        // that read one template or asset by name usually read its siblings too.
        const parent = path.dirname(literal);
        addRuntimePath(ctx.facts.hasFile(rel) && parent !== '.' ? parent : literal);
      }
    }
    // The start script itself must reach the runtime stage: from the context copy, or by its own COPY.
    for (const s of startInstrs) {
      const script = s.form === 'exec' && /\.sh$/.test(s.argv[0] ?? '') ? s.argv[0]! : null;
      if (!script) continue;
      const abs = path.resolve(workdir, script);
      const rel = wholeCopy ? path.relative(wholeCopy.dest, abs) : '..';
      if (!rel.startsWith('..') && !path.isAbsolute(rel) && ctx.facts.hasFile(rel)) addRuntimePath(abs);
      else if (!assetCopies.some((a) => a.rawArguments.includes(path.basename(script)))) {
        return decline(`the start script ${script} comes neither from the build context nor from a COPY of its own`, 'Split the stages by hand.', s.instr, 'start-script-unplaced');
      }
    }
    // A path inside another copied path is already there.
    const copiedPaths = [...runtimeFiles.keys()].sort();
    const runtimeCopies = copiedPaths.filter((p) => !copiedPaths.some((q) => q !== p && p.startsWith(q + '/')));

    // ── Name the build stage.
    let buildName = stage.name;
    if (!buildName) {
      buildName = 'build';
      model.insertText(stage.from, stage.from.text.replace(/\s+$/, '').length, ' AS build');
    }
    model.markStage(stage.from, 'split');

    // ── Assemble the runtime stage.
    const style = model.style;
    const created: Instr[] = [];
    const add = (text: string) => created.push(model.create(text));
    const fromInstr = model.create(printInstruction({ kind: 'FROM', image: runtime.image }, style));
    fromInstr.detached = style.eol;
    model.markStage(fromInstr, 'created');
    created.push(fromInstr);

    const movedOrCloned = stage.body.filter((i) => RUNTIME_KEYWORDS.has(i.keyword) || isRuntimeEnv(i) || isMovableUser(i, stage));
    const neededArgs = argsReferenced(movedOrCloned.concat(assetCopies), stage, model.globalArgs());
    for (const arg of neededArgs) add(printInstruction({ kind: 'ARG', ...arg }, style));
    for (const setup of runtime.setup) add(setup);
    // Without a WORKDIR of its own the old image ran in the golang image's /go; only relative
    // paths care, so the runtime gets a WORKDIR when the stage set one or files are relative to it.
    const explicitWorkdir = stage.body.some((i) => i.keyword === 'WORKDIR');
    if (workdir !== '/' && (explicitWorkdir || runtimeCopies.length > 0)) add(printInstruction({ kind: 'WORKDIR', path: workdir }, style));
    for (const [src, dest] of runtime.copyFromBuild) {
      add(printInstruction({ kind: 'COPY', flags: [`--from=${buildName}`], sources: [src], dest }, style));
    }
    for (const bin of binaries) {
      add(printInstruction({ kind: 'COPY', flags: [`--from=${buildName}`], sources: [bin.from], dest: bin.to }, style));
    }
    for (const p of runtimeCopies) {
      add(printInstruction({ kind: 'COPY', flags: [`--from=${buildName}`], sources: [p], dest: p }, style));
    }
    for (const asset of assetCopies) {
      const text = relocated.get(asset);
      created.push(text ? model.create(text) : model.clone(asset));
    }
    model.append(...created);
    // Run-time ENV is cloned (the build may need it too); runtime-only instructions move.
    for (const instr of movedOrCloned) {
      if (instr.keyword === 'ENV') model.append(model.clone(instr));
      else {
        model.remove(instr);
        instr.detached = '';
        instr.touched = true;
        model.append(instr);
      }
    }
    for (const [instr, words] of execConversions) {
      const keyword = instr.keyword as 'CMD' | 'ENTRYPOINT';
      model.setText(instr, printInstruction({ kind: keyword, exec: words }, style));
      ctx.report({ code: 'shell-form-converted', data: { keyword }, at: instr, fixed: true });
    }

    const carried = [
      `${binaries.length === 1 ? 'the binary' : `${binaries.length} binaries`}`,
      ...(runtimeCopies.length ? [`run-time files (${runtimeCopies.map((p) => path.relative(workdir, p) || p).join(', ')})`] : []),
      ...(assetCopies.length ? [`${assetCopies.length} copied asset instruction${assetCopies.length === 1 ? '' : 's'}`] : []),
    ].join(' and ');
    ctx.report({ code: 'split', data: { build: buildName, runtime: runtime.image, carried }, at: stage.from, fixed: true });
    if (runtime.note) ctx.report({ code: 'runtime-note', data: { image: runtime.image, note: runtime.note } });

    if (wholeCopy) {
      const leftOut = leftOutPaths(ctx.facts.files, wholeCopy.dest, runtimeCopies, go.goFiles);
      if (leftOut.length) ctx.report({ code: 'left-out', data: { paths: leftOut.join(', ') } });
    }
  },
});

function explainUncertainty(code: string, data: Record<string, string | number>): [string, string] {
  const detail = Object.values(data).filter((v) => v !== '').join(' ');
  switch (code) {
    case 'make-build':
      return [`the program is built by make (${data.command})`, 'dockopt does not restructure builds it cannot see; build with go build in the Dockerfile to get the split.'];
    case 'script-build':
      return [`the program is built by a script (${data.command})`, 'Build with go build in the Dockerfile to get the split.'];
    case 'go-run-start':
      return ['the container starts with "go run", which compiles at every start and needs the whole toolchain', 'Build a binary with go build and start it.'];
    case 'go-run-build':
      return ['a RUN uses "go run", whose effects dockopt cannot follow', 'Split the stages by hand.'];
    case 'unresolved-binary':
      if (data.command !== undefined) {
        return [`where "${data.command}" puts its binary is not certain (${data.reason})`, 'Build one package with an explicit -o path.'];
      }
      return [`the start command does not run a binary that go build produces (${detail})`, 'Check that CMD/ENTRYPOINT names the -o path.'];
    case 'binary-touched':
      return [`"${data.command}" removes, moves or overwrites files where a built binary lies, so the runtime stage could not copy it`, 'Leave the binaries where go build writes them, or split the stages by hand.'];
    case 'windows-image':
      return ['the image is a Windows image', 'dockopt rewrites Linux images only.'];
    case 'from-variable':
      return [`the base image is a build argument with no default (${detail})`, 'Give the ARG a default so the image is known.'];
    case 'no-start':
      return ['there is no CMD or ENTRYPOINT: this looks like a base or builder image', 'Nothing to split; add a start command if this image runs a program.'];
    case 'opaque-build':
      return ['the build runs inside a heredoc', 'Split the stages by hand.'];
    default:
      return [`${code.replace(/-/g, ' ')}${detail ? ` (${detail})` : ''}`, 'Split the stages by hand.'];
  }
}

/** A shell-form command of plain words (no variables, quotes, operators) runs the same in exec form. */
function plainWords(command: string): string[] | null {
  const joined = command.replace(/\\\r?\n/g, ' ').trim();
  if (!joined || /[$`'"\\|&;<>(){}*?~#]/.test(joined)) return null;
  return joined.split(/\s+/);
}

/** Relative path arguments of the start command (`-config configs/app.yml`, `--templates=./web`). */
function startArgumentPaths(args: string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const value = arg.includes('=') && arg.startsWith('-') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (value.startsWith('-') || value.startsWith('/') || !value) continue;
    if (/^[\w.-]+(\/[\w.*-]+)*\/?$/.test(value) && (value.includes('/') || /\.\w+$/.test(value))) out.push(value);
  }
  return out;
}

/** The non-glob directory prefix of a pattern: `templates/*.html` → `templates`. */
function literalPrefix(pattern: string): string | null {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!clean || clean.startsWith('/') || clean.startsWith('..')) return null;
  const segments = clean.split('/');
  const literal: string[] = [];
  for (const s of segments) {
    if (/[*?[\]{}]/.test(s)) break;
    literal.push(s);
  }
  return literal.length ? literal.join('/') : null;
}

function embedded(rel: string, embeds: string[]): boolean {
  return embeds.some((e) => {
    const prefix = literalPrefix(e);
    return prefix !== null && (rel === prefix || rel.startsWith(prefix + '/') || prefix.startsWith(rel + '/'));
  });
}

interface WholeCopy {
  instr: Instr;
  /** Absolute directory the context lands in. */
  dest: string;
}

/** COPY/ADD words as model.copyArguments reads them, with flags as written (`--chown=1:1`). */
function copyWords(instr: Instr, escape: string): { flags: string[]; sources: string[]; dest: string } | null {
  const args = copyArguments(instr, escape);
  return args && { flags: args.flags.map((f) => f.raw), sources: args.sources, dest: args.dest };
}

function findWholeContextCopy(stage: Stage, plan: BuildPlan, escape: string): WholeCopy | null {
  for (const instr of stage.body) {
    if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.opaque) continue;
    const words = copyWords(instr, escape);
    if (!words || words.flags.some((f) => f.startsWith('--from'))) continue;
    if (words.sources.length === 1 && /^\.\/?$/.test(words.sources[0]!)) {
      const workdir = plan.workdirAt.get(instr.id) ?? '/';
      return { instr, dest: path.resolve(workdir, words.dest) };
    }
  }
  return null;
}

/** A COPY of files that are not Go sources (templates, configs): the runtime needs the same copy. */
function isAssetCopy(instr: Instr, goFiles: string[], escape: string): boolean {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return false;
  const words = copyWords(instr, escape);
  // Words dockopt cannot read for certain (quotes, escapes): cloned as written, which at worst
  // carries a few extra files into the runtime stage.
  if (!words) return !instr.opaque && !/--from\b/i.test(instr.text);
  if (words.flags.some((f) => f.startsWith('--from'))) return false;
  return words.sources.every((raw) => {
    const s = raw.replace(/^\.\//, '').replace(/\/+$/, '');
    if (s === '' || s === '.' || /^[a-z]+:\/\//i.test(raw) || raw.startsWith('<<')) return false;
    if (/(^|\/)(go\.(mod|sum|work|work\.sum)|vendor)$/.test(s) || s.endsWith('.go') || /[*?[]/.test(s)) return false;
    return !goFiles.some((f) => f.startsWith(s + '/'));
  });
}

/** The same COPY with its destination made absolute, for a runtime stage whose WORKDIR differs. */
function absoluteDestCopy(instr: Instr, workdir: string, style: { eol: '\n' | '\r\n' | '\r'; escape: string }): string | null {
  const words = copyWords(instr, style.escape);
  if (!words) return null;
  const dest = path.resolve(workdir, words.dest) + (words.dest.endsWith('/') ? '/' : '');
  return printInstruction({ kind: instr.keyword as 'COPY' | 'ADD', flags: words.flags, sources: words.sources, dest }, style);
}

function isRuntimeEnv(instr: Instr): boolean {
  if (instr.keyword !== 'ENV' || instr.opaque) return false;
  const properties = (instr.node as unknown as { getProperties?: () => { getName(): string }[] } | null)?.getProperties?.() ?? [];
  return properties.some((p) => !BUILD_ONLY_ENV.test(p.getName()));
}

/** A numeric USER after the last RUN (it changes nothing in the build) belongs to the runtime. */
function isMovableUser(instr: Instr, stage: Stage): boolean {
  if (instr.keyword !== 'USER') return false;
  const index = stage.body.indexOf(instr);
  if (stage.body.slice(index + 1).some((i) => i.keyword === 'RUN')) return false;
  return /^\s*\d+(:\d+)?\s*$/.test(instr.rawArguments);
}

/** Where a binary goes in the runtime: the same path, unless it was found through a PATH the runtime lacks. */
function runtimeBinaryPath(from: string, started: boolean, program: string | null): string {
  const dir = path.dirname(from);
  const bare = program !== null && !program.includes('/');
  if (started && bare && !RUNTIME_PATH.includes(dir)) return `/usr/local/bin/${path.basename(from)}`;
  if (!started && !RUNTIME_PATH.includes(dir) && dir.startsWith('/go/')) return `/usr/local/bin/${path.basename(from)}`;
  return from;
}

/**
 * ARGs used by the instructions moved to the runtime stage: redeclared there so they expand.
 * A default set in the build stage is repeated, because it does not reach another stage; a
 * global ARG's default is inherited by a bare `ARG NAME`.
 */
function argsReferenced(instrs: Instr[], stage: Stage, globalArgs: Instr[]): { name: string; defaultValue?: string }[] {
  const declared = new Map<string, string | undefined>();
  for (const instr of globalArgs) for (const [name] of argDeclarations(instr)) declared.set(name, undefined);
  for (const instr of stage.body.filter((i) => i.keyword === 'ARG')) {
    for (const [name, value] of argDeclarations(instr)) {
      if (value !== null) declared.set(name, value);
      else if (!declared.has(name)) declared.set(name, undefined);
    }
  }
  const used: { name: string; defaultValue?: string }[] = [];
  for (const instr of instrs) {
    for (const m of instr.rawArguments.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const name = m[1]!;
      if (!declared.has(name) || used.some((u) => u.name === name)) continue;
      const defaultValue = declared.get(name);
      used.push(defaultValue === undefined ? { name } : { name, defaultValue });
    }
  }
  return used;
}

/** Every name an ARG declares (`ARG A=1 B`), with its default or null. */
function argDeclarations(instr: Instr): [string, string | null][] {
  try {
    const node = instr.node as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] } | null;
    const properties = node?.getProperties?.();
    if (properties) return properties.map((p) => [p.getName(), p.getValue()]);
  } catch {
    // An ARG whose accessors throw is read by its first name only.
  }
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(instr.rawArguments);
  return m ? [[m[1]!, null]] : [];
}

/** Top-level context entries that COPY . . put in the old image and the runtime stage leaves out. */
function leftOutPaths(files: readonly string[], contextDest: string, copied: string[], goFiles: string[]): string[] {
  const goDirs = new Set(goFiles.map((f) => f.split('/')[0]!));
  const tops = new Set<string>();
  for (const file of files) {
    const top = file.split('/')[0]!;
    const isDir = file.includes('/');
    if (NEVER_RUNTIME.test(top) || goDirs.has(top)) continue;
    tops.add(isDir ? `${top}/` : top);
  }
  return [...tops]
    .filter((t) => {
      const abs = path.resolve(contextDest, t);
      return !copied.some((c) => abs === c || abs.startsWith(c + '/') || c.startsWith(abs + '/'));
    })
    .sort()
    .slice(0, 12);
}
