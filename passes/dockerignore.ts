import {
  findContextNeeds,
  planDockerignore,
  STANDARD_GROUPS,
  type ContextNeed,
  type NeededButExcluded,
} from '../src/dockerignore/rules.js';
import { definePass } from '../src/pass.js';

/** Key files a COPY names are reported by secrets-in-image (`key-copied`); not twice. */
const KEY_LINES = new Set(['**/*.pem', '**/*.key', '**/id_rsa*', '**/id_ed25519*', '.ssh']);

/**
 * Creates or merges the build context's .dockerignore so that VCS history, editor files,
 * secrets, build output, node_modules and Docker files stay out of the context, while every
 * file the build or the program needs stays in. Existing lines are never changed.
 */
export default definePass({
  id: 'dockerignore',
  summary: 'Create or merge .dockerignore so secrets and junk stay out of the build context, never a file the build needs.',
  rationale:
    'Without a .dockerignore, `COPY . .` sends .git, editor files, local build output, node_modules and secrets such as .env or private keys to the builder: builds are slower, any edit to those files breaks the layer cache, and the secrets end up in an image layer.',
  fix: 'safe',
  related: ['buildkit:CopyIgnoredFile'],
  messages: {
    created: {
      severity: 'info',
      text: 'Created {{file}} with {{count}} exclusions ({{groups}}): `COPY . .` no longer sends them to the builder, so builds are smaller, the layer cache survives edits to them, and no secret file reaches the image. Review it and add what else your build does not need.',
    },
    merged: {
      severity: 'info',
      text: 'Added {{count}} missing lines to {{file}} ({{lines}}) so they stay out of the build context; every existing line is kept as it was. Review the additions.',
    },
    'kept-needed': {
      severity: 'info',
      text: 'Did not add `{{line}}` to {{file}}: it would exclude {{path}}, which the build needs ({{reason}}). Exclude what else lies there with more precise lines if it is not needed.',
    },
    'kept-exception': {
      severity: 'info',
      text: 'Did not add `{{line}}` to {{file}}: it would exclude {{path}}, which the file re-includes with a `!` line, and a line appended after it would win. Add the line above the exception yourself if you want it.',
    },
    'excludes-needed-file': {
      severity: 'warning',
      text: '{{file}} line {{line}} (`{{pattern}}`) excludes {{path}}, which the build needs ({{reason}}){{others}}: the COPY fails, or the program misses the file at run time. Remove the line or add `!{{path}}` below it.',
    },
    'secret-in-context': {
      severity: 'warning',
      text: '{{path}} looks like a secret (it matches `{{pattern}}`), but the build needs it ({{reason}}), so it stays in the build context and ends up in an image layer; dockopt did not exclude it. Provide it at run time instead (a mounted file or environment variables), or at build time with `RUN --mount=type=secret`.',
    },
  },
  docs: {
    description:
      'Creates a `.dockerignore` for the build context, or appends the missing lines to the existing one. Standard lines cover version control (`.git`), editor and OS files, secrets (`.env`, `*.pem`, `*.key`, SSH keys), build output (`bin/`, `dist/`, test binaries), `node_modules`, and Docker files. A line that would exclude something the build needs (COPY/ADD sources, go.mod/go.sum, vendor/, sources, `//go:embed` files, files the program opens at run time) is not added, and a needed file the existing file already excludes is reported. Existing lines are kept byte for byte and in order. When the Dockerfile has its own ignore file beside it (`<Dockerfile>.dockerignore`, which BuildKit reads instead of the context\'s), that file is the one checked and merged. An existing `!` exception is never overridden: a line that would exclude the path it re-includes is not appended (a line appended after it would win). A needed file that looks like a secret (a `.env` the program loads, a COPYed `.env`) stays in, with a warning that it reaches the image. Lines from config `dockerignore.extra` are appended as their own group under the same rules; `dockerignore: false` (or `--no-dockerignore`) leaves the file alone.',
    before: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /server .\nCMD ["/server"]\n',
    after: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /server .\nCMD ["/server"]\n',
    dockerignore:
      '# Version control\n.git\n.hg\n.svn\n\n# Editor and OS files\n.idea\n.vscode\n**/*.swp\n**/.DS_Store\n\n# Secrets: never send them to the builder\n**/.env\n**/.env.*\n**/*.pem\n**/*.key\n**/id_rsa*\n**/id_ed25519*\n.aws\n.ssh\n\n# Build output\nbin/\ndist/\n**/*.test\ncoverage.out\n\n# Dependencies of other toolchains\n**/node_modules\n\n# Docker files (docker build reads them even when excluded)\nDockerfile*\n*.Dockerfile\ndocker-compose*.yml\ndocker-compose*.yaml\ncompose*.yml\ncompose*.yaml\n.dockerignore\n',
    findings: ['created'],
  },
  apply(ctx) {
    if (!ctx.config.dockerignore.enabled) return;
    if (!ctx.isGo()) return;

    const needs = findContextNeeds(ctx.model, ctx.facts);
    const byPath = new Map(needs.map((need) => [need.path, need]));
    const original = ctx.dockerignore.original;
    const file = ctx.dockerignore.name;
    const plan = planDockerignore(
      original,
      needs.map((need) => need.path),
      ctx.facts,
      ctx.config.dockerignore.extra,
      ctx.model.style.eol,
    );
    ctx.dockerignore.output = plan.text;

    if (plan.added.length > 0) {
      if (original === null) {
        const groups = STANDARD_GROUPS.filter((group) => group.lines.some((line) => plan.added.includes(line)));
        ctx.report({
          code: 'created',
          data: { file, count: plan.added.length, groups: groups.map((group) => group.name).join(', ') },
          fixed: true,
        });
      } else {
        ctx.report({ code: 'merged', data: { file, count: plan.added.length, lines: plan.added.join(', ') }, fixed: true });
      }
    }

    for (const dropped of plan.droppedLines) {
      const need = byPath.get(dropped.path);
      if (dropped.because === 'needed' && need) {
        ctx.report({ code: 'kept-needed', data: { file, line: dropped.line, path: dropped.path, reason: need.reason }, at: need.at });
      } else {
        ctx.report({ code: 'kept-exception', data: { file, line: dropped.line, path: dropped.path } });
      }
    }

    for (const group of groupByLine(plan.excludedNeeds)) {
      const first = group[0]!;
      const need = byPath.get(first.path);
      ctx.report({
        code: 'excludes-needed-file',
        data: {
          file,
          line: first.line,
          pattern: first.pattern,
          path: first.path,
          reason: need?.reason ?? 'named by the build',
          others: group.length > 1 ? ` and ${group.length - 1} more needed paths` : '',
        },
        at: need?.at ?? null,
      });
    }

    for (const secret of plan.secretNeeds) {
      const need = byPath.get(secret.path);
      if (!need || !reportsSecret(need, secret.pattern)) continue;
      ctx.report({ code: 'secret-in-context', data: { path: secret.path, pattern: secret.pattern, reason: need.reason }, at: need.at });
    }
  },
});

/** Test fixtures are not secrets; key files a COPY names are secrets-in-image's finding. */
function reportsSecret(need: ContextNeed, pattern: string): boolean {
  if (need.source === 'test') return false;
  return !(need.source === 'copy' && KEY_LINES.has(pattern));
}

/** One finding per excluding line: a `*` line can exclude hundreds of needed files. */
function groupByLine(excluded: readonly NeededButExcluded[]): NeededButExcluded[][] {
  const groups = new Map<number, NeededButExcluded[]>();
  for (const entry of excluded) {
    const group = groups.get(entry.line);
    if (group) group.push(entry);
    else groups.set(entry.line, [entry]);
  }
  return [...groups.values()];
}
