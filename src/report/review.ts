/** Review-bot formats (github, rdjson, sarif, gitlab) — wired once the reporters land. */
import type { Report } from './types.js';

export function formatReviewReport(format: string, _report: Report, _prDiff?: string): string {
  throw new Error(`format "${format}" is not available yet`);
}
