/** The default report: coloured unified diffs of each Dockerfile and .dockerignore, then findings. */
import { styleText } from 'node:util';
import { unifiedDiff } from './unified-diff.js';
import type { Report } from './types.js';

type Style = Parameters<typeof styleText>[0];

export function formatDiffReport(report: Report, color: boolean): string {
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const out: string[] = [];
  for (const result of report.results) {
    if (result.status === 'error') continue;
    const patches = [unifiedDiff(result.dockerfile, result.original, result.output)];
    if (result.dockerignore && result.dockerignore.status !== 'unchanged') {
      patches.push(unifiedDiff(result.dockerignore.path, result.dockerignore.original, result.dockerignore.output));
    }
    for (const patch of patches) {
      if (!patch) continue;
      out.push(colourPatch(patch, paint));
    }
  }
  return out.join('');
}

function colourPatch(patch: string, paint: (style: Style, text: string) => string): string {
  return patch
    .split(/(?<=\n)/)
    .map((line) => {
      const eol = /\r?\n$/.exec(line)?.[0] ?? '';
      const body = line.slice(0, line.length - eol.length);
      if (body.startsWith('+++') || body.startsWith('---')) return paint('bold', body) + eol;
      if (body.startsWith('@@')) return paint('cyan', body) + eol;
      if (body.startsWith('+')) return paint('green', body) + eol;
      if (body.startsWith('-')) return paint('red', body) + eol;
      return line;
    })
    .join('');
}

/** Findings for humans (stderr): `path:line:col: severity message [code]`. Errors are printed by the CLI. */
export function formatFindings(report: Report, color: boolean): string {
  const paint = (style: Style, text: string) => (color ? styleText(style, text) : text);
  const lines: string[] = [];
  for (const result of report.results) {
    for (const f of result.findings) {
      const where = f.line ? `${result.dockerfile}:${f.line}:${f.column}` : result.dockerfile;
      const sev = f.severity === 'error' ? paint('red', 'error') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info');
      lines.push(`${where}: ${sev} ${f.message} ${paint('dim', `[${f.code}]`)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
