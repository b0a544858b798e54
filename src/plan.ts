/**
 * What the Dockerfile builds and starts (DESIGN §2 "Analysis"): which stage builds, each
 * `go build` / `go install` with its inline env, flags, output and package, where every
 * binary lands, the WORKDIR chain, and the start command. When something is not certain the
 * plan says so in `uncertain`, and rewriting passes decline with that reason.
 */
import type { Instr, Model, Stage } from './model.js';

/** One `go build` / `go install` inside a RUN. */
export interface GoBuild {
  instr: Instr;
  stage: Stage;
  tool: 'build' | 'install';
  /** Offsets of the whole `[ENV=..] go build ...` command inside `instr.text`. */
  span: [number, number];
  /** Offsets of the `go` word inside `instr.text` (where inline env may be inserted before). */
  goWordOffset: number;
  /** Inline env assignments written before `go` (`CGO_ENABLED=0 GOOS=linux go build`). */
  inlineEnv: Record<string, string>;
  /** Effective env from the stage's ENV and ARG defaults plus inline env. */
  env: Record<string, string>;
  /** All flags as written, e.g. ['-o', 'server', '-ldflags', '-s -w'] (quotes removed). */
  args: string[];
  /** The `-o` value as written, or null. */
  output: string | null;
  /** Package arguments (`.`, `./cmd/api`, `main.go`, `./...`); empty means `.`. */
  packages: string[];
  /** Absolute path of the produced binary in the build stage, or null when not certain. */
  binaryPath: string | null;
  /** Absolute WORKDIR in effect for this RUN. */
  workdir: string;
}

export interface StartCommand {
  instr: Instr;
  keyword: 'CMD' | 'ENTRYPOINT';
  form: 'exec' | 'shell';
  /** Exec form: the JSON strings. Shell form: [the raw command string]. */
  argv: string[];
}

export interface ResolvedStart {
  entrypoint: StartCommand | null;
  cmd: StartCommand | null;
  /** The program run at start as written (`./server`, `/app/server`, `app`). */
  program: string | null;
  /** The absolute path the program resolves to in the build stage (WORKDIR / PATH), or null. */
  programPath: string | null;
  /** Which GoBuild produced that program, if any. */
  build: GoBuild | null;
  /** Start needs a shell: shell form, or `sh -c` / a script. */
  needsShell: boolean;
}

export type PlanKind =
  /** One stage that builds Go code with go build/install: the main target. */
  | 'go-single-stage'
  /** Already multi-stage and Go; analysed per stage. */
  | 'go-multi-stage'
  /** Not a Go Dockerfile (no golang base, no go build): left alone. */
  | 'not-go';

export interface Uncertainty {
  /** Stable code, e.g. `make-build`, `go-run-start`, `unresolved-binary`, `windows-image`, `from-variable`. */
  code: string;
  /** Evidence for the finding message. */
  data: Record<string, string | number>;
  at: Instr | null;
}

export interface BuildPlan {
  kind: PlanKind;
  stages: Stage[];
  /** The stage whose RUNs build Go (the last such stage), or null. */
  buildStage: Stage | null;
  /** The last stage: what the image is. */
  finalStage: Stage | null;
  builds: GoBuild[];
  start: ResolvedStart;
  /** Final WORKDIR of the final stage (absolute; '/' when none). */
  workdir: string;
  /** WORKDIR chain per instruction id: absolute directory in effect at that instruction. */
  workdirAt: Map<number, string>;
  /** Reasons a rewriting pass must not restructure the build. Empty when the plan is certain. */
  uncertain: Uncertainty[];
  /** Base image of each stage as written, with global ARG defaults substituted (null if unresolvable). */
  baseImages: (string | null)[];
}

/** Stub until the analysis lands; passes treat `not-go` as "leave alone". */
export function findBuildPlan(model: Model): BuildPlan {
  const stages = model.stages();
  return {
    kind: 'not-go',
    stages,
    buildStage: null,
    finalStage: stages[stages.length - 1] ?? null,
    builds: [],
    start: { entrypoint: null, cmd: null, program: null, programPath: null, build: null, needsShell: false },
    workdir: '/',
    workdirAt: new Map(),
    uncertain: [],
    baseImages: [],
  };
}
