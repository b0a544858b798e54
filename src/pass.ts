/**
 * The pass contract. A pass declares its metadata before its logic; `apply` is pure: it
 * reads the model and the facts, edits through model helpers, reports findings through the
 * context, and bails out quietly on shapes it does not handle. Only the runner throws.
 */
import type { ContextFacts } from './context/facts.js';
import type { ResolvedConfig } from './config.js';
import type { Instr, Model } from './dockerfile/model.js';
import type { BuildPlan } from './analysis/plan.js';

export type FixSafety = 'safe' | 'unsafe' | 'none';
export type Severity = 'error' | 'warning' | 'info';

/**
 * A pass's documented example. It is a test (test/passes/docs.test.ts): running the pass alone
 * on `before`, in a build context of `context` (default: a Go module `example.com/app` with one
 * main package that serves HTTP), gives exactly `after` and reports exactly `findings`.
 */
export interface PassDocs {
  /** Markdown paragraph(s) shown by `dockopt explain`. */
  description: string;
  /** A naive Dockerfile… */
  before: string;
  /** …and what the pass makes of it (equal to `before` for a pass that only reports or only writes `dockerignore`). */
  after: string;
  /** The .dockerignore the pass writes for `before`, exactly, when it writes one. */
  dockerignore?: string;
  /** The finding codes (without the pass prefix) the pass reports on `before`, in order. */
  findings: string[];
  /** Build context files, path → content, when the example needs other than the default. */
  context?: Record<string, string>;
  /** Config the example runs with, as a user would write it. */
  config?: Record<string, unknown>;
}

export interface MessageSpec {
  severity: Severity;
  /** Template with `{{name}}` placeholders filled from the finding's data: what, why, what to do. */
  text: string;
}

/** One option a pass takes from config (`passes: { <id>: { <name>: value } }`). */
export interface OptionSpec {
  type: 'boolean' | 'string' | 'string[]';
  description: string;
}

/** What config validation and the JSON schema need to know of a pass. */
export interface PassSchema {
  id: string;
  /** The options the pass reads; any other key under `passes.<id>` is an error. */
  options?: Readonly<Record<string, OptionSpec>>;
}

export interface PassMeta<Code extends string = string> extends PassSchema {
  /** kebab-case, equal to the file name in passes/, permanent. */
  id: string;
  summary: string;
  rationale: string;
  fix: FixSafety;
  /** Rules of other tools this pass relates to, e.g. `hadolint:DL3002`. */
  related: string[];
  messages: Record<Code, MessageSpec>;
  docs: PassDocs;
}

export interface FindingInput<Code extends string = string> {
  code: Code;
  data?: Record<string, string | number>;
  /** The instruction the finding is about; its original position is reported. */
  at?: Instr | null;
  /** True when the pass also fixed what the finding describes. */
  fixed?: boolean;
}

/** A finding as data; reporters render it. Positions are 1-based here (report form). */
export interface Finding {
  pass: string;
  code: string;
  severity: Severity;
  message: string;
  data: Record<string, string | number>;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  fixed: boolean;
}

export interface PassContext<Code extends string = string> {
  readonly model: Model;
  readonly facts: ContextFacts;
  readonly config: ResolvedConfig;
  /** The build plan of the model as it is now (recomputed after edits). */
  plan(): BuildPlan;
  /**
   * Whether the Dockerfile builds Go. No pass changes that (they rewrite Go Dockerfiles and
   * leave others alone), so this is the first plan's answer and costs no new plan after edits.
   */
  isGo(): boolean;
  report(finding: FindingInput<Code>): void;
  /** This pass's options from config (`passes: { id: {...} }`), or {}. */
  readonly options: Record<string, unknown>;
  /**
   * The ignore file the build reads: `name` is `.dockerignore`, or `<Dockerfile>.dockerignore`
   * when the Dockerfile has its own; `original` as found (null when absent), `output` as a
   * pass wants it written (null: leave it as it is).
   */
  readonly dockerignore: { readonly name: string; readonly original: string | null; output: string | null };
}

export interface Pass<Code extends string = string> extends PassMeta<Code> {
  apply(ctx: PassContext<Code>): void;
}

export function definePass<Code extends string>(pass: Pass<Code>): Pass<Code> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(pass.id)) {
    throw new Error(`pass id "${pass.id}" must be kebab-case`);
  }
  return pass;
}

/** Fill a message template; unknown placeholders stay visible so tests catch them. */
export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}

/** A command as findings quote it: one line, at most 80 characters. */
export function shortCommand(text: string): string {
  const oneLine = text.replace(/\\?\s*[\r\n]+\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
