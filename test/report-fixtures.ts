/**
 * Hand-built report results for the review reporters' tests, and independent appliers that
 * play what GitHub, reviewdog and SARIF consumers do with a suggestion or fix.
 */
import type { Finding, Severity } from '../src/pass.js';
import type { DockerignoreResult, FileResult, Report } from '../src/report/types.js';
import { summarize } from '../src/report/types.js';
import type { SarifRegion } from '../src/report/sarif.js';

export function finding(
  code: string,
  severity: Severity,
  message: string,
  at: { line: number; endLine?: number; column?: number; endColumn?: number } | null,
  fixed = false,
): Finding {
  return {
    pass: code.slice(0, code.indexOf('/')),
    code,
    severity,
    message,
    data: {},
    line: at?.line ?? null,
    column: at ? (at.column ?? 1) : null,
    endLine: at ? (at.endLine ?? at.line) : null,
    endColumn: at ? (at.endColumn ?? 1) : null,
    fixed,
  };
}

export function result(
  dockerfile: string,
  original: string,
  output: string,
  findings: Finding[] = [],
  dockerignore: DockerignoreResult | null = null,
): FileResult {
  const changed = original !== output || (dockerignore !== null && dockerignore.status !== 'unchanged');
  return {
    dockerfile,
    context: dockerfile.includes('/') ? dockerfile.slice(0, dockerfile.lastIndexOf('/')) : '.',
    status: changed ? 'changed' : 'unchanged',
    error: null,
    original,
    output,
    dockerignore,
    findings,
  };
}

export function report(...results: FileResult[]): Report {
  return { version: 1, results, summary: summarize(results) };
}

const lf = (lines: string[]) => lines.join('\n') + '\n';
const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

/** split-stages + dependency-cache: a line replaced, lines inserted mid-file, a stage added. */
export const splitStages = result(
  'services/api/Dockerfile',
  lf(['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD ["/app"]']),
  lf([
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -trimpath -o /app .',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /app /app',
    'USER 65532',
    'CMD ["/app"]',
  ]),
  [
    finding(
      'split-stages/split',
      'info',
      'Split into a "build" stage and a distroless runtime stage.',
      { line: 1, endColumn: 17 },
      true,
    ),
    finding('floating-base-tag/latest', 'warning', 'Base image "golang:1.22" floats: pin a patch version.', {
      line: 1,
      endColumn: 17,
    }),
    finding('loopback-listener/loopback', 'warning', 'main.go:12 listens on "127.0.0.1:8080": listen on ":8080".', {
      line: 5,
      endColumn: 12,
    }),
    finding('secrets-in-image/secret-in-env', 'warning', 'A credential may be baked into the image.', null),
  ],
);

/** A syntax directive inserted before the first line, and a cache mount on the build line. */
export const insertAtStart = result(
  'Dockerfile',
  lf([
    'FROM golang:1.22-alpine',
    'WORKDIR /app',
    'COPY . .',
    'RUN go build -o server ./cmd/server',
    'EXPOSE 8080',
    'CMD ["./server"]',
  ]),
  lf([
    '# syntax=docker/dockerfile:1',
    'FROM golang:1.22-alpine',
    'WORKDIR /app',
    'COPY . .',
    'RUN --mount=type=cache,target=/root/.cache/go-build go build -o server ./cmd/server',
    'EXPOSE 8080',
    'CMD ["./server"]',
  ]),
);

/** A whole runtime stage appended after the last line. */
export const appendStage = result(
  'cmd/worker/Dockerfile',
  lf([
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/worker ./cmd/worker',
  ]),
  lf([
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/worker ./cmd/worker',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/worker /worker',
    'ENTRYPOINT ["/worker"]',
  ]),
  [finding('split-stages/split', 'info', 'Added a distroless runtime stage.', { line: 1, endColumn: 26 }, true)],
);

/** CRLF throughout, a replaced line and an inserted one. */
export const crlfFile = result(
  'win/Dockerfile',
  crlf(['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD ["/app"]']),
  crlf([
    'FROM golang:1.22',
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /app .',
    'USER 10001',
    'CMD ["/app"]',
  ]),
);

/** No final newline, before or after; the last line changes and a stage follows it. */
export const noFinalNewline = result(
  'nonl/Dockerfile',
  'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]',
  'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nCMD ["/app", "--serve"]',
);

/** No final newline in the original; the output ends with one. */
export const addsFinalNewline = result(
  'addnl/Dockerfile',
  'FROM golang:1.22\nRUN go build -o /app .\nCMD ["/app"]',
  'FROM golang:1.22\nRUN go build -o /app .\nUSER 10001\nCMD ["/app"]\n',
);

/** Lines deleted in the middle and at the end. */
export const deletions = result(
  'del/Dockerfile',
  lf([
    'FROM golang:1.22',
    'RUN apk add --no-cache git',
    'WORKDIR /src',
    'COPY . .',
    'RUN go build -o /app .',
    'CMD ["/app"]',
    '# end',
  ]),
  lf(['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD ["/app"]']),
);

/** An insertion before the last line and one after it share that line as their anchor. */
export const sharedAnchor = result(
  'anchor/Dockerfile',
  lf(['FROM golang:1.22', 'CMD ["/app"]']),
  lf(['FROM golang:1.22', 'USER 10001', 'CMD ["/app"]', 'HEALTHCHECK CMD ["/app", "-health"]']),
);

/** The output drops the final newline: no line suggestion can say that. */
export const dropsFinalNewline = result(
  'dropnl/Dockerfile',
  lf(['FROM golang:1.22', 'CMD ["/app"]']),
  'FROM golang:1.22\nUSER 10001\nCMD ["/app"]',
);

/** Suggestible fixtures: every github/rdjson suggestion together gives the output. */
export const suggestible = [
  splitStages,
  insertAtStart,
  appendStage,
  crlfFile,
  noFinalNewline,
  addsFinalNewline,
  deletions,
  sharedAnchor,
];

export const withDockerignore = result(
  'services/web/Dockerfile',
  lf(['FROM golang:1.22', 'COPY . .', 'RUN go build -o /web .', 'CMD ["/web"]']),
  lf(['FROM golang:1.22', 'COPY . .', 'RUN go build -o /web .', 'USER 10001', 'CMD ["/web"]']),
  [finding('dockerignore/created', 'info', 'Created .dockerignore with 5 exclusions.', null, true)],
  {
    path: 'services/web/.dockerignore',
    original: null,
    output: '.git\n.env*\n*.pem\nnode_modules\nDockerfile*\n',
    status: 'created',
  },
);

export const withChangedDockerignore = result(
  'services/db/Dockerfile',
  lf(['FROM golang:1.22', 'COPY . .', 'RUN go build -o /db .']),
  lf(['FROM golang:1.22', 'COPY . .', 'RUN go build -o /db .']),
  [finding('dockerignore/merged', 'info', 'Added 2 lines to .dockerignore (.git, *.pem).', null, true)],
  {
    path: 'services/db/.dockerignore',
    original: 'bin/\n# keep\n',
    output: 'bin/\n# keep\n.git\n*.pem\n',
    status: 'changed',
  },
);

export const parseError: FileResult = {
  dockerfile: 'broken/Dockerfile',
  context: 'broken',
  status: 'error',
  error: { message: 'no FROM instruction: expected at least one build stage', line: 3, column: 1 },
  original: '# just comments\nARG X=1\nRUN echo hi\n',
  output: '# just comments\nARG X=1\nRUN echo hi\n',
  dockerignore: null,
  findings: [],
};

function splitKeepingEols(text: string): Array<{ text: string; eol: string }> {
  const parts = text.split(/(\r\n|\n|\r)/);
  const lines: Array<{ text: string; eol: string }> = [];
  for (let i = 0; i < parts.length; i += 2) {
    const eol = parts[i + 1] ?? '';
    if (parts[i] === '' && eol === '' && i === parts.length - 1) break;
    lines.push({ text: parts[i]!, eol });
  }
  return lines;
}

/** The lines of the first ```suggestion block in a comment body (any fence length). */
export function suggestionLines(body: string): string[] | null {
  const open = /^(`{3,})suggestion\n/m.exec(body);
  if (!open) return null;
  const start = open.index + open[0].length;
  const close = body.indexOf(`\n${open[1]}`, start - 1);
  if (close < start - 1) throw new Error('unterminated suggestion block');
  const content = body.slice(start, close + 1);
  return content === '' ? [] : content.slice(0, -1).split('\n');
}

/**
 * What GitHub does when every suggestion is committed: lines start_line..line are replaced by
 * the suggestion's lines, joined with the file's line ending; the last keeps the ending the
 * last replaced line had. Applied bottom-up.
 */
export function applyGithubSuggestions(
  original: string,
  comments: Array<{ line: number; start_line?: number; body: string }>,
): string {
  const lines = splitKeepingEols(original);
  const eol = lines.find((line) => line.eol !== '')?.eol ?? '\n';
  const sorted = [...comments].sort((a, b) => b.line - a.line);
  for (const comment of sorted) {
    const suggestion = suggestionLines(comment.body);
    if (suggestion === null) continue;
    const first = comment.start_line ?? comment.line;
    const lastEol = lines[comment.line - 1]!.eol;
    const replaced = suggestion.map((text, i) => ({ text, eol: i === suggestion.length - 1 ? lastEol : eol }));
    lines.splice(first - 1, comment.line - first + 1, ...replaced);
  }
  return lines.map((line) => line.text + line.eol).join('');
}

/** rdjson line-wise ranges: lines start..end without the last line's ending are replaced by `text`. */
export function applyRdjsonSuggestions(
  original: string,
  suggestions: Array<{
    range: { start: { line: number; column?: number }; end?: { line: number; column?: number } };
    text: string;
  }>,
): string {
  const lines = splitKeepingEols(original);
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.text.length + line.eol.length;
  }
  let text = original;
  const sorted = [...suggestions].sort((a, b) => b.range.start.line - a.range.start.line);
  for (const { range, text: replacement } of sorted) {
    if (range.start.column !== undefined || range.end?.column !== undefined)
      throw new Error('expected a line-wise range');
    const endLine = range.end?.line ?? range.start.line;
    const from = starts[range.start.line - 1]!;
    const to = starts[endLine - 1]! + lines[endLine - 1]!.text.length;
    text = text.slice(0, from) + replacement + text.slice(to);
  }
  return text;
}

/** Applies SARIF replacements by characters, after checking the line/column form agrees. */
export function applySarifReplacements(
  original: string,
  replacements: Array<{ deletedRegion: SarifRegion; insertedContent?: { text: string } }>,
): string {
  const lineStarts = [0];
  for (const match of original.matchAll(/\r\n|\n|\r/g)) lineStarts.push(match.index + match[0].length);
  const at = (line: number, column: number) => lineStarts[line - 1]! + column - 1;
  let text = original;
  const sorted = [...replacements].sort((a, b) => b.deletedRegion.charOffset! - a.deletedRegion.charOffset!);
  for (const { deletedRegion: region, insertedContent } of sorted) {
    const from = region.charOffset!;
    const to = from + region.charLength!;
    if (at(region.startLine!, region.startColumn!) !== from || at(region.endLine!, region.endColumn!) !== to) {
      throw new Error(`line/column and character forms of ${JSON.stringify(region)} disagree`);
    }
    text = text.slice(0, from) + (insertedContent?.text ?? '') + text.slice(to);
  }
  return text;
}
