#!/usr/bin/env node
/**
 * The command line (DESIGN §6). Thin: argv → options → rewrite() → reporter → exit code.
 * Heavy modules load after the arguments are parsed, so `--help` and errors stay instant.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const FORMATS = ['diff', 'json', 'sarif', 'rdjson', 'github', 'gitlab'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage:
  dockopt rewrite [options] [paths...]   rewrite Dockerfiles (default path: ./Dockerfile)
  dockopt passes                         list passes with their one-line summary
  dockopt explain <pass>                 show a pass's documentation and example

A path is a Dockerfile, a directory (searched for Dockerfile, Dockerfile.*, *.Dockerfile,
Containerfile; honouring .gitignore and .dockoptignore), or a glob.

Options:
  -w, --write              write the changes (atomically)
      --check              list files that would change; exit 1 if any
  -f, --format <format>    diff (default), json, sarif, rdjson, github, gitlab
      --diff <file>        with --format github: a pull request's unified diff; suggestions
                           outside its hunks move into the review's summary comment
  -C, --context <dir>      build context (default: the Dockerfile's directory or config)
      --config <file>      use this config file instead of searching
      --no-config          use no config file
      --only <ids>         run only these passes (comma-separated)
      --skip <ids>         skip these passes (comma-separated)
      --runtime <name>     runtime image: distroless, alpine, scratch, debian, or a reference
      --no-dockerignore    do not create or change .dockerignore
  -j, --jobs <n>           files processed in parallel (default: number of cores)
      --color, --no-color  force or disable colour (default: on for a TTY, off with NO_COLOR)
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 success; 1 --check found changes; 2 usage error, unreadable or unparsable
input, or bad config (reported as path:line:column: message on stderr).
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function usageError(message: string): number {
  process.stderr.write(`dockopt: ${message}\nRun 'dockopt --help' for usage.\n`);
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        write: { type: 'boolean', short: 'w' },
        check: { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        diff: { type: 'string' },
        context: { type: 'string', short: 'C' },
        config: { type: 'string' },
        'no-config': { type: 'boolean' },
        only: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        runtime: { type: 'string' },
        'no-dockerignore': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (!command) {
    process.stdout.write(USAGE);
    return 2;
  }
  switch (command) {
    case 'passes':
      return listPasses();
    case 'explain':
      if (rest.length !== 1) return usageError('explain takes one pass id, e.g. dockopt explain split-stages');
      return explainPass(rest[0]!);
    case 'rewrite':
      break;
    default:
      return usageError(`unknown command "${command}" (expected rewrite, passes or explain)`);
  }

  const format = (values.format ?? 'diff') as Format;
  if (!FORMATS.includes(format)) return usageError(`unknown format "${values.format}" (expected ${FORMATS.join(', ')})`);
  if (values.write && values.check) return usageError('--write and --check do not go together');
  if (values.config && values['no-config']) return usageError('--config and --no-config do not go together');
  if (values.diff && format !== 'github') return usageError('--diff goes with --format github');
  const paths = rest.length > 0 ? rest : ['Dockerfile'];
  if (values.context && paths.length !== 1) return usageError('-C/--context takes a single Dockerfile');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) return usageError(`--jobs takes a positive whole number, got "${values.jobs}"`);
  }
  const color = values['no-color'] ? false : values.color ? true : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const ids = (list: string[] | undefined) => list?.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);

  const { runCli } = await import('./cli-run.js');
  return runCli({
    paths,
    write: Boolean(values.write),
    check: Boolean(values.check),
    format,
    prDiffFile: values.diff ?? null,
    context: values.context ?? null,
    config: values['no-config'] ? false : (values.config ?? null),
    only: ids(values.only) ?? null,
    skip: ids(values.skip) ?? [],
    runtime: values.runtime ?? null,
    dockerignore: !values['no-dockerignore'],
    jobs: jobs ?? null,
    color,
  });
}

async function listPasses(): Promise<number> {
  const { loadPasses } = await import('./index.js');
  const passes = await loadPasses();
  const width = Math.max(...passes.map((p) => p.id.length));
  for (const p of passes) process.stdout.write(`${p.id.padEnd(width)}  ${p.fix.padEnd(6)}  ${p.summary}\n`);
  return 0;
}

async function explainPass(id: string): Promise<number> {
  const { loadPasses } = await import('./index.js');
  const { explainText } = await import('./explain.js');
  const pass = (await loadPasses()).find((p) => p.id === id);
  if (!pass) return usageError(`unknown pass "${id}" (see 'dockopt passes')`);
  process.stdout.write(explainText(pass));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`dockopt: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
