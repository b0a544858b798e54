/**
 * One Dockerfile through the pipeline: parse → passes → print, into a report result.
 * Pure with respect to the file system: callers load files and facts and write results.
 */
import type { ContextFacts } from '../context/facts.js';
import type { ResolvedConfig } from '../config.js';
import { DockoptError } from '../errors.js';
import { instructionTexts, type Model } from '../dockerfile/model.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import type { Finding, Pass } from '../pass.js';
import type { FileResult } from '../report/types.js';
import { runPasses } from './run-passes.js';

export interface RewriteSourceInput {
  text: string;
  /** Display path of the Dockerfile (relative, `/` separators). */
  dockerfile: string;
  /** Display path of the build context. */
  context: string;
  /** Display path of the context's .dockerignore. */
  dockerignorePath: string;
  facts: ContextFacts;
  config: ResolvedConfig;
  passes: readonly Pass[];
  only?: ReadonlySet<string> | null;
  skip?: ReadonlySet<string>;
}

export function rewriteSource(input: RewriteSourceInput): FileResult {
  const { text, dockerfile, context } = input;
  try {
    const model = parseDockerfile(text, dockerfile);
    if (/\r(?!\n)/.test(text)) {
      // Docker splits lines only at LF: a lone CR is not a line end to it, so any reading of
      // this file's lines may differ from Docker's. Leave it exactly as it is.
      return unchangedWith(input, internalFinding('The file uses lone CR line endings, which Docker does not treat as line ends; dockopt leaves it unchanged.'));
    }
    const { findings, dockerignore } = runPasses({
      model,
      facts: input.facts,
      config: input.config,
      passes: input.passes,
      only: input.only ?? null,
      skip: input.skip ?? new Set(),
      path: dockerfile,
      dockerignoreName: input.dockerignorePath.slice(input.dockerignorePath.lastIndexOf('/') + 1),
    });
    const output = model.print();
    if (output !== text && !reparsesAsModel(output, model)) {
      // The safety net under every pass: if the printed output does not read back as the
      // instructions the passes meant (a new line swallowed by a dangling continuation, say),
      // nothing is rewritten.
      return unchangedWith(input, internalFinding('The rewrite did not read back as the intended instructions, so the file is left unchanged. Please report this input.'));
    }
    const ignoreOriginal = input.facts.dockerignore;
    const ignoreResult =
      dockerignore === null
        ? null
        : {
            path: input.dockerignorePath,
            original: ignoreOriginal,
            output: dockerignore,
            status: ignoreOriginal === null ? ('created' as const) : dockerignore === ignoreOriginal ? ('unchanged' as const) : ('changed' as const),
          };
    const changed = output !== text || (ignoreResult !== null && ignoreResult.status !== 'unchanged');
    return {
      dockerfile,
      context,
      status: changed ? 'changed' : 'unchanged',
      error: null,
      original: text,
      output,
      dockerignore: ignoreResult,
      findings,
    };
  } catch (error) {
    return errorResult(dockerfile, context, text, error);
  }
}

export function errorResult(dockerfile: string, context: string, text: string, error: unknown): FileResult {
  if (!(error instanceof DockoptError)) throw error;
  return {
    dockerfile,
    context,
    status: 'error',
    error: {
      // An error in another file (a config) names that file; the result names the Dockerfile.
      message: error.path && error.path !== dockerfile ? `${error.path}: ${error.message}` : error.message,
      line: error.position ? error.position.line + 1 : null,
      column: error.position ? error.position.column + 1 : null,
    },
    original: text,
    output: text,
    dockerignore: null,
    findings: [],
  };
}

function reparsesAsModel(output: string, model: Model): boolean {
  const again = instructionTexts(output);
  const intended = model.instrs.map((i) => i.text);
  return again.length === intended.length && again.every((t, i) => t === intended[i]);
}

function internalFinding(message: string): Finding {
  return {
    pass: 'dockopt',
    code: 'dockopt/left-unchanged',
    severity: 'warning',
    message,
    data: {},
    line: null,
    column: null,
    endLine: null,
    endColumn: null,
    fixed: false,
  };
}

function unchangedWith(input: RewriteSourceInput, finding: Finding): FileResult {
  return {
    dockerfile: input.dockerfile,
    context: input.context,
    status: 'unchanged',
    error: null,
    original: input.text,
    output: input.text,
    dockerignore: null,
    findings: [finding],
  };
}
