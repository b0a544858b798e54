/** Review-bot formats (github, rdjson, sarif, gitlab): the report as the bot's JSON. */
import { toGithubReview } from './github.js';
import { toGitlabCodeQuality } from './gitlab.js';
import { toRdjson } from './rdjson.js';
import { toSarif } from './sarif.js';
import type { Report } from './types.js';

export function formatReviewReport(format: string, report: Report, prDiff?: string): string {
  return JSON.stringify(reviewReport(format, report, prDiff), null, 2) + '\n';
}

function reviewReport(format: string, report: Report, prDiff: string | undefined): unknown {
  switch (format) {
    case 'github':
      return toGithubReview(report, prDiff === undefined ? {} : { diff: prDiff });
    case 'rdjson':
      return toRdjson(report);
    case 'sarif':
      return toSarif(report);
    case 'gitlab':
      return toGitlabCodeQuality(report);
    default:
      throw new Error(`format "${format}" is not a review format`);
  }
}
