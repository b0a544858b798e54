/** `--format json`: the report itself, version 1 (DESIGN §7). */
import type { Report } from './types.js';

export function formatJsonReport(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
