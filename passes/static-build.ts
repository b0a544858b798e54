import { posix } from 'node:path';
import { logicalText, type Instr, type Stage } from '../src/dockerfile/model.js';
import { definePass, shortCommand } from '../src/pass.js';
import { goMinorVersion, stageChain, type BuildPlan, type GoBuild } from '../src/analysis/plan.js';
import { printInstruction } from '../src/dockerfile/print.js';
import { decideCgo } from '../src/runtime-image/choose.js';
import { goFacts } from '../ecosystems/go/index.js';

/** Directories whose files are programs or libraries of the image's own architecture. */
const SYSTEM_BINARY_DIRS = ['/bin', '/sbin', '/lib', '/lib64', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/lib64', '/usr/local/bin', '/usr/local/lib', '/usr/libexec'];
/** Words that may stand before `go` in a command so that `NAME=value` can be inserted right before it. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=("[^"\s]*"|'[^'\s]*'|[^\s"'`\\])*$/;

/** Where inserted flags land: plain shell, inside `sh -c '…'` / `sh -c "…"`, inside a JSON string, or as new JSON array elements. */
type Quoting = 'none' | 'single' | 'double' | 'json-string' | 'json-array';

interface Insertion {
  offset: number;
  text: string;
}

/** What happens to one `go build` / `go install`. */
interface BuildEdit {
  build: GoBuild;
  /** Inline env can be written before the `go` word (shell form, no command prefix such as sudo). */
  inline: boolean;
  /** Where flags go: right after `build`/`install` (null: the words could not be found). */
  flagsAt: { offset: number; quoting: Quoting; separator: string } | null;
  env: string[];
  flags: string[];
  /** CGO_ENABLED is 0 for this build once the pass is done. */
  cgoOff: boolean;
}

/**
 * Static, reproducible, cross-compiled Go builds (DESIGN §3 pass 3, PATTERNS P8/P10):
 * CGO_ENABLED=0 unless cgo is needed, GOOS/GOARCH from BuildKit's TARGETOS/TARGETARCH with the
 * build stage on the build platform, -trimpath, and -ldflags="-s -w". Every explicit setting wins.
 */
export default definePass({
  id: 'static-build',
  summary: 'Build a static, stripped, reproducible Go binary and cross-compile instead of emulating.',
  rationale:
    'With cgo on, `go build` links against the builder\'s libc, so the binary fails on a distroless or scratch runtime with "no such file or directory". CGO_ENABLED=0 makes it static. Building on $BUILDPLATFORM with GOOS/GOARCH from TARGETOS/TARGETARCH compiles natively for every platform instead of under QEMU emulation, which is many times slower. -trimpath drops local paths from the binary (reproducible builds) and -ldflags="-s -w" drops symbol tables that only debuggers use.',
  fix: 'safe',
  related: ['docker:multi-platform'],
  messages: {
    'cgo-disabled': {
      severity: 'info',
      text: 'Set CGO_ENABLED=0 {{where}} for `{{command}}`: the binary is static and runs on distroless/scratch. Nothing in the context needs cgo; if the program does, set CGO_ENABLED=1 explicitly and dockopt keeps it.',
    },
    'cross-compile': {
      severity: 'info',
      text: 'The build stage now runs on the build platform (`FROM --platform=$BUILDPLATFORM`) and cross-compiles with {{vars}}: multi-platform builds compile natively instead of under emulation. Explicit GOOS/GOARCH values were kept.',
    },
    trimpath: {
      severity: 'info',
      text: 'Added -trimpath to `{{command}}`: the binary no longer records the builder\'s file system paths, so builds are reproducible. Code that finds files through runtime.Caller paths should use embed or a config path instead.',
    },
    'trimpath-unsupported': {
      severity: 'info',
      text: 'Did not add -trimpath to `{{command}}`: {{why}}, and -trimpath needs Go 1.13 or later.',
    },
    'strip-symbols': {
      severity: 'info',
      text: 'Added -ldflags="-s -w" to `{{command}}`: symbol and DWARF tables only serve debuggers and make the binary ~25% larger; stack traces keep their function names. Set `stripSymbols: false` to keep them.',
    },
    'cgo-kept': {
      severity: 'info',
      text: 'Kept cgo on for `{{command}}` because {{reasons}}: the binary links against the builder\'s libc, so the runtime needs the same libc, and it is not cross-compiled. Set CGO_ENABLED=0 if the C code is optional.',
    },
    'not-cross-compiled': {
      severity: 'info',
      text: 'The build stage was not switched to cross-compilation: {{reason}}. Multi-platform builds of this Dockerfile run under emulation.',
    },
  },
  docs: {
    description:
      'For each `go build` / `go install` of the build stage: adds `CGO_ENABLED=0` before the `go` word unless cgo is needed (cgo in the source or a cgo module, `CGO_ENABLED=1`, a C toolchain installed on alpine) or CGO_ENABLED is set already; in exec-form RUN it adds `ENV CGO_ENABLED=0` before the RUN instead. With `platform` and `buildkit` on and a separate runtime stage, adds `GOOS=$TARGETOS GOARCH=$TARGETARCH` (only those not set by you: an explicit `GOARCH=arm` wins), `ARG TARGETOS TARGETARCH` in the stage and `--platform=$BUILDPLATFORM` on its FROM. Adds `-trimpath` when the golang image\'s tag says Go 1.13 or later (or floats: `latest`, `alpine`, `1`); an older or unknown toolchain (another base image, a digest alone) would fail on the flag, so it gets none and a finding says why. Adds `-ldflags="-s -w"` when `stripSymbols` is on and the command has no -ldflags of its own. Cross-compilation is declined with a finding when the stage cannot switch platforms as a whole (exec form or a command prefix such as `sudo`, a `go install`, a FROM that pins another `--platform`, a build stage built FROM another stage or one that another stage is built FROM, a later RUN that runs the built binary, a runtime stage that copies system binaries or `go install`ed tools from it). Every other byte of the RUN (continuations, comments, other commands) is kept. A build stage you split off yourself, whose builds all set CGO_ENABLED and -trimpath, is left as written.',
    before: 'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN go build -o /server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nCMD ["/server"]\n',
    after:
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /server /server\nCMD ["/server"]\n',
    findings: ['cgo-disabled', 'trimpath', 'strip-symbols', 'cross-compile'],
  },
  apply(ctx) {
    const plan = ctx.plan();
    if ((plan.kind !== 'go-single-stage' && plan.kind !== 'go-multi-stage') || plan.uncertain.length > 0) return;
    const stage = plan.buildStage;
    if (!stage) return;
    const builds = plan.builds.filter((b) => b.stage.from === stage.from);
    if (builds.length === 0) return;
    const { model, config } = ctx;
    const escape = model.style.escape;
    const chain = stageChain(plan, stage);
    // A build stage the user split off themselves, whose author chose CGO_ENABLED and -trimpath for
    // every build has made its static-build decisions; dockopt does not second-guess them
    // (P13: an already-optimal file comes out unchanged).
    const tuned = (b: GoBuild) => isSet('CGO_ENABLED', b, chain) && b.args.some((a) => /^--?trimpath$/.test(a));
    if (plan.kind === 'go-multi-stage' && model.stageProvenance(stage.from) === 'original' && builds.every(tuned)) return;
    const cgo = decideCgo(goFacts(ctx.facts).cgo, stage, plan.builds, plan.baseImages[stage.index] ?? null);
    // -trimpath came with Go 1.13: an older toolchain fails on the unknown flag.
    const goMinor = goMinorVersion(plan, stage);
    const trimpathWhy =
      goMinor === 'current' || (goMinor !== null && goMinor >= 13)
        ? null
        : goMinor === null
          ? `the Go version of \`${plan.baseImages[chain[0]!.index] ?? 'the base image'}\` is not known`
          : `\`${plan.baseImages[chain[0]!.index]}\` has Go 1.${goMinor}`;

    // ── Decide per build: env, flags, whether cgo ends up off.
    const edits: BuildEdit[] = builds.map((build) => {
      const set = (name: string) => isSet(name, build, chain);
      const inline = build.form === 'shell' && inlineEnvAllowed(build, escape);
      const env: string[] = [];
      let cgoOff = build.env.CGO_ENABLED === '0';
      if (!set('CGO_ENABLED') && !cgo.needed) {
        if (inline) env.push('CGO_ENABLED=0');
        cgoOff = true;
      }
      const flags: string[] = [];
      const goflags = set('GOFLAGS') ? build.env.GOFLAGS ?? null : '';
      if (!build.versioned) {
        if (!build.args.some((a) => /^--?trimpath(=|$)/.test(a)) && !/-trimpath/.test(goflags ?? '')) {
          if (trimpathWhy === null) flags.push('-trimpath');
          else ctx.report({ code: 'trimpath-unsupported', data: { command: shortCommand(build.command), why: trimpathWhy }, at: build.instr });
        }
        if (config.stripSymbols && !build.args.some((a) => /^--?ldflags(=|$)/.test(a)) && goflags !== null && !/-ldflags/.test(goflags)) {
          flags.push('-ldflags=-s -w');
        }
      }
      return { build, inline, flagsAt: flagsPosition(build, escape), env, flags, cgoOff };
    });

    // ── Cross-compilation: every project build or none, so no binary is left for the wrong
    // platform. Versioned tool installs (`go install x@v`) stay native: they run during the build.
    const crossing = config.platform && config.buildkit && !cgo.needed && stage !== plan.finalStage;
    const crossReason = crossing ? crossCompileBlocker(plan, stage, chain, edits, escape) : null;
    const crossVars: string[] = [];
    let firstCrossed: Instr | null = null;
    if (crossing && crossReason === null) {
      for (const edit of edits) {
        if (edit.build.versioned) continue;
        for (const [name, arg] of [['GOOS', 'TARGETOS'], ['GOARCH', 'TARGETARCH']] as const) {
          if (isSet(name, edit.build, chain)) continue;
          edit.env.push(`${name}=$${arg}`);
          if (!crossVars.includes(arg)) crossVars.push(arg);
          firstCrossed ??= edit.build.instr;
        }
      }
    }

    // ── Apply: text edits per RUN from the end, so earlier offsets stay valid.
    const insertions = new Map<Instr, Insertion[]>();
    const add = (instr: Instr, insertion: Insertion) => insertions.set(instr, [...(insertions.get(instr) ?? []), insertion]);
    let envBefore: Instr | null = null;
    for (const edit of edits) {
      const { build } = edit;
      const command = shortCommand(build.command);
      if (edit.env.length > 0) add(build.instr, { offset: build.goWordOffset, text: `${edit.env.join(' ')} ` });
      if (edit.env.includes('CGO_ENABLED=0')) {
        ctx.report({ code: 'cgo-disabled', data: { where: 'inline', command }, at: build.instr, fixed: true });
      } else if (!edit.inline && edit.cgoOff && !isSet('CGO_ENABLED', build, chain)) {
        // One ENV before the first such RUN covers the later ones too.
        envBefore ??= build.instr;
        ctx.report({ code: 'cgo-disabled', data: { where: 'with an ENV before the RUN (its form takes no inline env)', command }, at: build.instr, fixed: true });
      }
      if (edit.flagsAt && edit.flags.length > 0) {
        add(build.instr, { offset: edit.flagsAt.offset, text: flagText(edit.flags, edit.flagsAt.quoting, edit.flagsAt.separator) });
        if (edit.flags.includes('-trimpath')) ctx.report({ code: 'trimpath', data: { command }, at: build.instr, fixed: true });
        if (edit.flags.includes('-ldflags=-s -w')) ctx.report({ code: 'strip-symbols', data: { command }, at: build.instr, fixed: true });
      }
    }
    if (cgo.needed) {
      const first = builds[0]!;
      ctx.report({ code: 'cgo-kept', data: { command: shortCommand(first.command), reasons: cgo.reasons.join('; ') || 'cgo is needed' }, at: first.instr });
    }
    for (const [instr, list] of insertions) {
      let text = instr.text;
      for (const { offset, text: inserted } of [...list].sort((x, y) => y.offset - x.offset)) {
        text = text.slice(0, offset) + inserted + text.slice(offset);
      }
      model.setText(instr, text);
    }
    if (envBefore) model.insertBefore(envBefore, model.create(printInstruction({ kind: 'ENV', pairs: [['CGO_ENABLED', '0']] }, model.style)));

    if (!crossing) return;
    if (crossReason !== null) {
      ctx.report({ code: 'not-cross-compiled', data: { reason: crossReason }, at: stage.from });
      return;
    }
    if (firstCrossed) {
      const declared = declaredArgs(stage.body.slice(0, stage.body.indexOf(firstCrossed)), escape);
      const missing = crossVars.filter((a) => !declared.has(a));
      if (missing.length > 0) model.insertBefore(firstCrossed, model.create(`ARG ${missing.join(' ')}`));
    }
    const platformAdded = platformFlag(stage.from, escape) === null;
    if (platformAdded) model.insertText(stage.from, /^\s*[A-Za-z]+/.exec(stage.from.text)![0].length, ' --platform=$BUILDPLATFORM');
    if (platformAdded || crossVars.length > 0) {
      const vars = crossVars.map((a) => (a === 'TARGETOS' ? 'GOOS=$TARGETOS' : 'GOARCH=$TARGETARCH')).join(' ') || 'the GOOS/GOARCH it sets';
      ctx.report({ code: 'cross-compile', data: { vars }, at: stage.from, fixed: true });
    }
  },
});

// ---------------------------------------------------------------------------------------
// Decisions

/**
 * True when the user set `name` for this build in any way dockopt can see: a known value in
 * the build's env, or the name anywhere before the `go` word in the stage (ENV, ARG, `export`,
 * `go env -w`, inline), even when its value cannot be read. Explicit settings always win.
 */
function isSet(name: string, build: GoBuild, chain: Stage[]): boolean {
  if (build.env[name] !== undefined || build.inlineEnv[name] !== undefined) return true;
  const word = new RegExp(`\\b${name}\\b`);
  if (word.test(build.instr.text.slice(0, build.goWordOffset))) return true;
  for (const stage of chain) {
    for (const instr of stage.body) {
      if (instr === build.instr) return false;
      if (word.test(instr.text)) return true;
    }
  }
  return false;
}

/**
 * Inline `NAME=value` can go right before `go` when only assignments or `env` stand before it
 * (`sudo`, `exec`, `time`, `nohup`, `command` would take the assignment as the program).
 */
function inlineEnvAllowed(build: GoBuild, escape: string): boolean {
  const before = logicalText(build.instr.text.slice(build.span[0], build.goWordOffset), escape, ' ');
  let afterEnv = false;
  for (const word of before.split(/\s+/).filter((w) => w !== '')) {
    if (ASSIGNMENT.test(word)) continue;
    if (word === 'env' && !afterEnv) afterEnv = true;
    else if (!(afterEnv && /^-[A-Za-z]+$/.test(word) && word !== '-u')) return false;
  }
  return /^(\S*\/)?go$/.test(wordAt(build.instr.text, build.goWordOffset).replace(/^"|"$/g, ''));
}

/** True when `name` is set to a value dockopt can read, or to BuildKit's TARGETOS/TARGETARCH. */
function isReadable(name: string, build: GoBuild, chain: Stage[]): boolean {
  if (build.env[name] !== undefined) return true;
  const target = new RegExp(`\\b${name}=["']?\\$\\{?TARGET(OS|ARCH)\\}?\\b`);
  if (target.test(build.instr.text.slice(0, build.goWordOffset))) return true;
  return chain.some((s) => s.body.some((i) => i.keyword === 'ENV' && target.test(i.text)));
}

/** Why the stage cannot switch to cross-compilation, or null when it can. */
function crossCompileBlocker(plan: BuildPlan, stage: Stage, chain: Stage[], edits: BuildEdit[], escape: string): string | null {
  if (chain.length > 1) return `the build stage is built FROM stage ${chain[chain.length - 2]!.name ?? chain.length - 2}, whose platform would have to change too`;
  const platform = platformFlag(stage.from, escape);
  if (platform !== null && !/^\$\{?BUILDPLATFORM\}?$/.test(platform)) return `its FROM already sets --platform=${platform}`;
  const refs = new Set([stage.name, String(stage.index)].filter((r): r is string => r !== null));
  const derived = plan.stages.find((s) => s.index > stage.index && refs.has((plan.baseImages[s.index] ?? '').toLowerCase()));
  if (derived) return `stage ${derived.name ?? derived.index} is built FROM the build stage and would get the build platform`;
  const projectBuilds = edits.filter((e) => !e.build.versioned);
  for (const edit of projectBuilds) {
    const { build } = edit;
    const command = shortCommand(build.command);
    if (build.tool === 'install') return `\`${command}\` is a go install, which puts cross-compiled binaries in a GOOS_GOARCH subdirectory`;
    if (!edit.inline) return `\`${command}\` cannot take inline GOOS/GOARCH (exec form or a command prefix)`;
    if (!edit.cgoOff) return `CGO_ENABLED for \`${command}\` is set to a value dockopt cannot read as 0`;
    for (const name of ['GOOS', 'GOARCH']) {
      if (isSet(name, build, chain) && !isReadable(name, build, chain)) return `${name} for \`${command}\` is set in a way dockopt cannot read`;
    }
  }
  const outputs = projectBuilds.flatMap((e) => [...e.build.binaryPaths, ...(e.build.output && /^\.?\//.test(e.build.output) ? [e.build.output] : [])]);
  const firstBuild = Math.min(...projectBuilds.map((e) => stage.body.indexOf(e.build.instr)));
  for (const instr of firstBuild < 0 ? [] : stage.body.slice(firstBuild)) {
    if (instr.keyword !== 'RUN') continue;
    const after = edits.filter((e) => e.build.instr === instr).reduce((end, e) => Math.max(end, e.build.span[1]), 0);
    const rest = instr.text.slice(after);
    const ran = outputs.find((o) => runsWord(rest, o));
    if (ran) return `a later RUN runs the built binary ${ran}, which cannot run on the build platform once cross-compiled`;
  }
  const tools = edits.filter((e) => e.build.versioned).flatMap((e) => e.build.binaryPaths);
  for (const other of plan.stages.filter((s) => s !== stage)) {
    for (const instr of other.body) {
      const copied = copiedFromStage(instr, refs, escape);
      const tool = copied.find((src) => tools.some((t) => t === src || t.startsWith(`${src}/`)));
      if (tool) return `stage ${other.name ?? other.index} copies the tool ${tool}, which is installed for the build platform`;
      const foreign = copied.find((src) => !outputs.includes(src) && SYSTEM_BINARY_DIRS.some((d) => src === d || src.startsWith(`${d}/`)));
      if (foreign) return `stage ${other.name ?? other.index} copies ${foreign} from the build stage, which would come from the build platform`;
    }
  }
  return null;
}

/** True when `word` stands in `text` as a whole shell word (between separators, quotes or ends). */
function runsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || /[\s;&|('"]/.test(text[at - 1]!)) && (end === text.length || /[\s;&|)'"]/.test(text[end]!))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Reading and writing text

/** Where flags go after `go build`, with the quoting in effect there. */
function flagsPosition(build: GoBuild, escape: string): BuildEdit['flagsAt'] {
  const text = build.instr.text;
  if (build.form === 'exec') {
    // ["go", "build", ...]: a new JSON string after "build", with the array's own separator.
    const m = /^("(?:[^"\\]|\\.)*")(\s*,\s*)"(build|install)"/.exec(text.slice(build.goWordOffset));
    if (!m || m[3] !== build.tool) return null;
    return { offset: build.goWordOffset + m[0].length, quoting: 'json-array', separator: /[\r\n]/.test(m[2]!) ? ', ' : m[2]! };
  }
  const goWord = wordAt(text, build.goWordOffset);
  const m = /^[ \t]+(build|install)(?=$|[\s;&|)'"`])/.exec(text.slice(build.goWordOffset + goWord.length));
  if (!m || m[1] !== build.tool) return null;
  const offset = build.goWordOffset + goWord.length + m[0].length;
  return { offset, quoting: quotingAt(text, offset, escape), separator: ' ' };
}

function flagText(flags: string[], quoting: Quoting, separator: string): string {
  if (quoting === 'json-array') return flags.map((f) => `${separator}${JSON.stringify(f)}`).join('');
  return flags
    .map((f) => {
      if (f !== '-ldflags=-s -w') return ` ${f}`;
      // Inside `sh -c "…"` double quotes would end the outer string; inside a JSON string they are escaped.
      if (quoting === 'double') return ` -ldflags='-s -w'`;
      if (quoting === 'json-string') return ' -ldflags=\\"-s -w\\"';
      return ' -ldflags="-s -w"';
    })
    .join('');
}

/**
 * The shell quoting in effect at `offset` of a RUN: inside `sh -c '…'`, `sh -c "…"`, or a JSON
 * string of an exec-form `["sh", "-c", "…"]`. Docker removes line continuations and the comment
 * lines inside them before the shell sees the text, so they are skipped here too.
 */
function quotingAt(text: string, offset: number, escape: string): Quoting {
  const keywordEnd = /^\s*[A-Za-z]+/.exec(text)?.[0].length ?? 0;
  const args = logicalText(text.slice(keywordEnd), escape, ' ').replace(/^\s*(--\S+\s+)*/, '');
  if (args.startsWith('[')) return 'json-string';
  let state: Quoting = 'none';
  let lineStart = false;
  for (let i = keywordEnd; i < offset; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') {
      lineStart = true;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      const rest = text.slice(i, text.slice(i).search(/[\r\n]|$/) + i);
      if (/^[ \t]*#/.test(rest)) {
        i += rest.length - 1;
        continue;
      }
    }
    if (c === escape && /^[ \t]*(\r\n|\r|\n)/.test(text.slice(i + 1))) continue;
    if (state === 'none') {
      if (c === '\\') i++;
      else if (c === "'") state = 'single';
      else if (c === '"') state = 'double';
    } else if (state === 'single') {
      if (c === "'") state = 'none';
    } else if (state === 'double') {
      if (c === '\\') i++;
      else if (c === '"') state = 'none';
    }
  }
  return state;
}

function wordAt(text: string, offset: number): string {
  return /^\S*/.exec(text.slice(offset))![0];
}

/** The `--platform` value of a FROM as written, or null when it has none. */
function platformFlag(from: Instr, escape: string): string | null {
  const words = logicalText(from.text, escape, ' ').replace(/^\s*[A-Za-z]+\s*/, '').split(/\s+/);
  for (const word of words) {
    if (!word.startsWith('--')) break;
    const m = /^--platform=(.*)$/i.exec(word);
    if (m) return m[1]!;
  }
  return null;
}

/** ARG names declared by these instructions. */
function declaredArgs(instrs: Instr[], escape: string): Set<string> {
  const names = new Set<string>();
  for (const instr of instrs) {
    if (instr.keyword !== 'ARG') continue;
    const words = logicalText(instr.text, escape, ' ').replace(/^\s*[A-Za-z]+\s*/, '').split(/\s+/);
    for (const w of words) if (w) names.add(w.split('=')[0]!);
  }
  return names;
}

/** Absolute source paths of `COPY --from=<one of refs>` (empty for other instructions). */
function copiedFromStage(instr: Instr, refs: Set<string>, escape: string): string[] {
  if (instr.keyword !== 'COPY' || instr.opaque) return [];
  let rest = logicalText(instr.text, escape, ' ').replace(/^\s*[A-Za-z]+\s*/, '');
  let from: string | null = null;
  for (let m = /^--([A-Za-z-]+)(?:=(\S*))?\s+/.exec(rest); m; m = /^--([A-Za-z-]+)(?:=(\S*))?\s+/.exec(rest)) {
    if (m[1]!.toLowerCase() === 'from') from = (m[2] ?? '').toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (from === null || !refs.has(from)) return [];
  let words: string[];
  try {
    words = rest.trim().startsWith('[') ? (JSON.parse(rest) as string[]) : rest.trim().split(/\s+/);
  } catch {
    return [];
  }
  return words.slice(0, -1).map((w) => posix.normalize(posix.join('/', w)).replace(/(.)\/$/, '$1'));
}

