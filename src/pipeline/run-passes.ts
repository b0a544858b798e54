/**
 * Ordered execution of passes. The order is one list (passes/index.ts) whose constraints are
 * checked when the list is loaded; a pass that throws becomes a PassError naming it.
 */
import type { ContextFacts } from '../context/facts.js';
import type { ResolvedConfig } from '../config.js';
import { PassError } from '../errors.js';
import type { Model } from '../dockerfile/model.js';
import { renderMessage, type Finding, type FindingInput, type Pass, type PassContext } from '../pass.js';
import { findBuildPlan, type BuildPlan, type PlanInputs } from '../analysis/plan.js';

export interface OrderConstraint {
  before: string;
  after: string;
  why: string;
}

/** Throws when the list breaks a constraint or names a pass twice: a bug caught at load. */
export function checkPassOrder(passes: readonly Pass[], constraints: readonly OrderConstraint[]): void {
  const position = new Map<string, number>();
  passes.forEach((pass, i) => {
    if (position.has(pass.id)) throw new Error(`pass "${pass.id}" is listed twice`);
    position.set(pass.id, i);
  });
  for (const c of constraints) {
    const a = position.get(c.before);
    const b = position.get(c.after);
    if (a === undefined || b === undefined) {
      throw new Error(`order constraint names an unknown pass: ${c.before} before ${c.after}`);
    }
    if (a > b) throw new Error(`pass "${c.before}" must run before "${c.after}": ${c.why}`);
  }
}

export interface RunInput {
  model: Model;
  facts: ContextFacts;
  config: ResolvedConfig;
  passes: readonly Pass[];
  /** Pass ids to run (`--only`); null runs all enabled passes. */
  only?: ReadonlySet<string> | null;
  skip?: ReadonlySet<string>;
  path?: string | null;
  /** The ignore file's name (default `.dockerignore`), for findings. */
  dockerignoreName?: string;
}

export interface RunOutput {
  findings: Finding[];
  /** What the .dockerignore should become (null: leave it alone). */
  dockerignore: string | null;
}

export function isPassEnabled(pass: Pass, config: ResolvedConfig, only?: ReadonlySet<string> | null, skip?: ReadonlySet<string>): boolean {
  if (only && !only.has(pass.id)) return false;
  if (skip?.has(pass.id)) return false;
  return config.passes[pass.id] !== 'off';
}

export function runPasses(input: RunInput): RunOutput {
  const { model, facts, config } = input;
  const findings: Finding[] = [];
  const dockerignore = { name: input.dockerignoreName ?? '.dockerignore', original: facts.dockerignore, output: null as string | null };
  const inputs = planInputs(facts);
  let cachedPlan: { version: number; plan: BuildPlan } | null = null;
  const plan = (): BuildPlan => {
    if (!cachedPlan || cachedPlan.version !== model.version) {
      cachedPlan = { version: model.version, plan: findBuildPlan(model, inputs.modulePath, inputs.packages) };
    }
    return cachedPlan.plan;
  };
  let isGo: boolean | null = null;

  for (const pass of input.passes) {
    if (!isPassEnabled(pass, config, input.only, input.skip)) continue;
    const options = config.passes[pass.id];
    const ctx: PassContext = {
      model,
      facts,
      config,
      plan,
      isGo: () => (isGo ??= (cachedPlan?.plan ?? plan()).kind !== 'not-go'),
      options: typeof options === 'object' ? options : {},
      dockerignore,
      report: (finding) => findings.push(toFinding(pass, finding)),
    };
    try {
      pass.apply(ctx);
    } catch (error) {
      throw new PassError(pass.id, error, input.path ?? null);
    }
  }
  return { findings, dockerignore: dockerignore.output };
}

/** What the ecosystems give the build plan; the first that gives a value wins. */
function planInputs(facts: ContextFacts): PlanInputs {
  const inputs: PlanInputs = { modulePath: null, packages: null };
  for (const ecosystem of facts.ecosystems) {
    const given = ecosystem.planInputs?.(facts.of(ecosystem), facts);
    inputs.modulePath ??= given?.modulePath ?? null;
    inputs.packages ??= given?.packages ?? null;
  }
  return inputs;
}

function toFinding(pass: Pass, input: FindingInput): Finding {
  const spec = pass.messages[input.code];
  if (!spec) throw new Error(`pass "${pass.id}" reported unknown message code "${input.code}"`);
  const origin = input.at?.origin ?? null;
  const data = input.data ?? {};
  return {
    pass: pass.id,
    code: `${pass.id}/${input.code}`,
    severity: spec.severity,
    message: renderMessage(spec.text, data),
    data,
    line: origin ? origin.line + 1 : null,
    column: origin ? origin.column + 1 : null,
    endLine: origin ? origin.endLine + 1 : null,
    endColumn: origin ? origin.endColumn + 1 : null,
    fixed: input.fixed ?? false,
  };
}
