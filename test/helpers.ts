/** Shared test helpers: the real pipeline on an example directory, with its real context facts. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG, resolveConfig, type ResolvedConfig } from '../src/config.js';
import { gatherContextFacts } from '../src/context/facts.js';
import type { GoModule } from '../ecosystems/go/facts.js';
import { ecosystems } from '../ecosystems/index.js';
import { rewriteSource } from '../src/pipeline/rewrite-file.js';
import type { FileResult } from '../src/report/types.js';
import { passes } from '../passes/index.js';

/** The repository root (tests run from dist/test). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES = path.join(ROOT, 'examples');

export function exampleNames(): string[] {
  return fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES, d.name, 'Dockerfile')))
    .map((d) => d.name)
    .sort();
}

/** An example's config: `dockopt.config.json` in its directory, else the defaults. */
export function exampleConfig(dir: string): ResolvedConfig {
  const file = path.join(dir, '.dockoptrc.json');
  if (!fs.existsSync(file)) return DEFAULT_CONFIG;
  return resolveConfig(JSON.parse(fs.readFileSync(file, 'utf8')), file, passes);
}

/** Run the whole pipeline on `text` as if it were `dir/Dockerfile`. */
export function rewriteInDir(dir: string, text: string, dockerignore?: string | null): FileResult {
  const facts = gatherContextFacts(dir, ecosystems);
  if (dockerignore !== undefined) facts.dockerignore = dockerignore;
  return rewriteSource({
    text,
    dockerfile: 'Dockerfile',
    context: '.',
    dockerignorePath: '.dockerignore',
    facts,
    config: exampleConfig(dir),
    passes,
  });
}

/**
 * An example's findings as pinned in `Dockerfile.findings.expected`: one line each, in report order,
 * `line:column severity code message` (`-:-` for a finding about no one instruction).
 */
export function findingsText(result: FileResult): string {
  return result.findings.map((f) => `${f.line ?? '-'}:${f.column ?? '-'} ${f.severity} ${f.code} ${f.message}\n`).join('');
}

/** A module of a context's facts: example.com/app at the root, example.com/app/<dir> below it. */
export function goModule(dir: string, overrides: Partial<GoModule> = {}): GoModule {
  return {
    dir,
    modulePath: dir === '' ? 'example.com/app' : `example.com/app/${dir}`,
    goVersion: '1.22',
    toolchain: null,
    requires: [],
    replaces: [],
    hasGoSum: true,
    vendored: false,
    ...overrides,
  };
}
