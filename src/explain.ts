/** `dockopt explain <pass>` and the README's pass table, both rendered from pass metadata. */
import type { Pass } from './pass.js';

export function explainText(pass: Pass): string {
  const related = pass.related.length ? pass.related.join(', ') : 'none';
  const messages = Object.entries(pass.messages)
    .map(([code, m]) => `  ${pass.id}/${code} (${m.severity})`)
    .join('\n');
  const options = Object.entries(pass.options ?? {})
    .map(([name, o]) => `  passes.${pass.id}.${name} (${o.type}): ${o.description}`)
    .join('\n');
  return `${pass.id} — ${pass.summary}

Why: ${pass.rationale}
Fix: ${pass.fix}    Related: ${related}

${pass.docs.description}

Before:
${indent(pass.docs.before)}
${pass.docs.after === pass.docs.before ? 'After: unchanged' : `After:\n${indent(pass.docs.after).replace(/\n$/, '')}`}${pass.docs.dockerignore === undefined ? '' : `\n.dockerignore written:\n${indent(pass.docs.dockerignore).replace(/\n$/, '')}`}
Reports: ${pass.docs.findings.map((code) => `${pass.id}/${code}`).join(', ') || 'nothing'}

Findings:
${messages}
${options ? `\nOptions:\n${options}\n` : ''}`;
}

function indent(text: string): string {
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n') + '\n';
}

/** The Markdown table of passes between the README's markers; a test fails when it drifts. */
export function passTable(passes: readonly Pass[]): string {
  const rows = passes.map((p) => `| \`${p.id}\` | ${p.summary} | ${p.fix} | ${p.related.map((r) => `\`${r}\``).join(', ') || '—'} |`);
  return ['| pass | what it does | fix | related rules |', '|---|---|---|---|', ...rows].join('\n') + '\n';
}
