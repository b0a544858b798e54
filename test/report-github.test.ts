/** `--format github`: suggestions that reproduce the rewrite, and the PR-diff filter. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toGithubReview, type GithubReviewComment } from '../src/report/github.js';
import { computeHunks } from '../src/report/hunks.js';
import { formatReviewReport } from '../src/report/review.js';
import {
  applyGithubSuggestions,
  dropsFinalNewline,
  finding,
  parseError,
  report,
  result,
  splitStages,
  suggestible,
  suggestionLines,
  withChangedDockerignore,
  withDockerignore,
} from './report-fixtures.js';

function commentsFor(comments: GithubReviewComment[], path: string): GithubReviewComment[] {
  return comments.filter((comment) => comment.path === path);
}

for (const fixture of suggestible) {
  test(`committing every suggestion on ${fixture.dockerfile} gives the output byte for byte`, () => {
    const review = toGithubReview(report(fixture));
    const comments = commentsFor(review.comments, fixture.dockerfile).filter((c) => suggestionLines(c.body) !== null);
    assert.ok(comments.length > 0);
    assert.is(applyGithubSuggestions(fixture.original, comments), fixture.output);
  });
}

test('all fixtures in one review: suggestions apply per file and never overlap', () => {
  const review = toGithubReview(report(...suggestible));
  for (const fixture of suggestible) {
    const comments = commentsFor(review.comments, fixture.dockerfile)
      .filter((c) => suggestionLines(c.body) !== null)
      .sort((a, b) => a.line - b.line);
    for (let i = 1; i < comments.length; i++) {
      // Not even adjacent: touching hunks are merged.
      assert.ok((comments[i]!.start_line ?? comments[i]!.line) > comments[i - 1]!.line + 1, fixture.dockerfile);
    }
    assert.is(applyGithubSuggestions(fixture.original, comments), fixture.output);
  }
});

test('comments are on the RIGHT side; single-line ones have no start_line', () => {
  const review = toGithubReview(report(...suggestible));
  let single = 0;
  let multi = 0;
  for (const comment of review.comments) {
    assert.is(comment.side, 'RIGHT');
    if (comment.start_line === undefined) {
      assert.is(comment.start_side, undefined);
      single++;
    } else {
      assert.is(comment.start_side, 'RIGHT');
      assert.ok(comment.start_line < comment.line);
      multi++;
    }
  }
  assert.ok(single > 0 && multi > 0);
});

test('a pure insertion is anchored to an adjacent original line that the suggestion repeats', () => {
  const hunks = computeHunks('FROM a\nCOPY . .\n', 'FROM a\nCOPY go.mod ./\nCOPY . .\n')!;
  assert.equal(
    hunks.map(({ startLine, endLine, replacement }) => ({ startLine, endLine, replacement })),
    [{ startLine: 2, endLine: 2, replacement: ['COPY go.mod ./', 'COPY . .'] }],
  );
  const appended = computeHunks('FROM a\nCMD x\n', 'FROM a\nCMD x\nUSER 1\n')!;
  assert.equal(
    appended.map(({ startLine, endLine, replacement }) => ({ startLine, endLine, replacement })),
    [{ startLine: 2, endLine: 2, replacement: ['CMD x', 'USER 1'] }],
  );
});

test('CRLF suggestion bodies carry bare lines, without carriage returns', () => {
  const crlf = suggestible.find((fixture) => fixture.original.includes('\r\n'))!;
  const review = toGithubReview(report(crlf));
  assert.ok(review.comments.length > 0);
  for (const comment of review.comments) assert.not.match(comment.body, '\r');
});

test('a suggestion explains itself with the fixed findings on its lines', () => {
  const review = toGithubReview(report(splitStages));
  const first = review.comments.find((comment) => comment.line === 1 && suggestionLines(comment.body) !== null)!;
  assert.match(first.body, 'Split into a "build" stage');
  assert.match(first.body, '`split-stages/split`');
  assert.equal(suggestionLines(first.body), ['FROM golang:1.22 AS build']);
  // The unfixed finding on the same line is a comment of its own, without a suggestion.
  const floating = review.comments.find((comment) => comment.body.includes('floating-base-tag/latest'))!;
  assert.is(suggestionLines(floating.body), null);
  assert.is(floating.line, 1);
  // A fixed finding is not repeated on its own.
  assert.is(review.comments.filter((comment) => comment.body.includes('split-stages/split')).length, 1);
  // A finding without a place goes to the body.
  assert.match(review.body, 'secrets-in-image/secret-in-env');
});

test('suggestion fences outgrow backtick runs in the replacement', () => {
  const fixture = result('fence/Dockerfile', 'FROM a\nRUN echo hi\n', 'FROM a\nRUN echo "```" and ````\n');
  const [comment] = toGithubReview(report(fixture)).comments;
  assert.match(comment!.body, /^`````suggestion$/m);
  assert.equal(suggestionLines(comment!.body), ['RUN echo "```" and ````']);
});

const prDiff = `diff --git a/services/api/Dockerfile b/services/api/Dockerfile
index 3f1c2aa..9b0d4e1 100644
--- a/services/api/Dockerfile
+++ b/services/api/Dockerfile
@@ -1,2 +1,2 @@
-FROM golang:1.21
+FROM golang:1.22
 WORKDIR /src
diff --git a/README.md b/README.md
--- a/README.md
+++ b/README.md
@@ -1 +1 @@
-old
+new
`;

test('with the PR diff, only suggestions inside its hunks stay comments; the rest go to the body', () => {
  const all = toGithubReview(report(splitStages));
  const review = toGithubReview(report(splitStages), { diff: prDiff });
  for (const comment of review.comments) {
    assert.is(comment.path, 'services/api/Dockerfile');
    assert.ok((comment.start_line ?? comment.line) >= 1 && comment.line <= 2, JSON.stringify(comment));
  }
  const kept = review.comments.filter((comment) => suggestionLines(comment.body) !== null);
  assert.equal(
    kept.map((comment) => comment.line),
    [1],
  );
  // The line-1 finding stays; the line-5 one moves to the body with the dropped suggestion.
  assert.ok(review.comments.some((comment) => comment.body.includes('floating-base-tag/latest')));
  assert.not.ok(review.comments.some((comment) => comment.body.includes('loopback-listener/loopback')));
  assert.match(review.body, 'loopback-listener/loopback');
  assert.match(review.body, 'outside this pull request’s changes');
  assert.match(review.body, '+RUN CGO_ENABLED=0 go build -trimpath -o /app .');
  assert.ok(all.comments.length > review.comments.length);
});

test('with the PR diff, a Dockerfile the PR does not touch gets no comment at all', () => {
  const other = result(
    'cmd/other/Dockerfile',
    'FROM golang:1.22\nCMD ["/x"]\n',
    'FROM golang:1.22\nUSER 10001\nCMD ["/x"]\n',
  );
  const review = toGithubReview(report(splitStages, other), { diff: prDiff });
  assert.not.ok(review.comments.some((comment) => comment.path === 'cmd/other/Dockerfile'));
  assert.match(review.body, '`cmd/other/Dockerfile`');
  assert.match(review.body, '+USER 10001');
});

test('a multi-line suggestion must fit inside one PR hunk', () => {
  const fixture = result('x/Dockerfile', 'FROM a\nRUN b\nRUN c\nCMD d\n', 'FROM a\nRUN b2\nRUN c2\nCMD d\n');
  const split = `--- a/x/Dockerfile
+++ b/x/Dockerfile
@@ -2 +2 @@
-RUN b0
+RUN b
@@ -3 +3 @@
-RUN c0
+RUN c
`;
  assert.is(toGithubReview(report(fixture), { diff: split }).comments.length, 0);
  const joined = split.replace('@@ -2 +2 @@\n-RUN b0\n+RUN b\n@@ -3 +3 @@', '@@ -2,2 +2,2 @@\n-RUN b0\n+RUN b');
  assert.is(toGithubReview(report(fixture), { diff: joined }).comments.length, 1);
});

test('.dockerignore creations and changes are summarized in the body, never commented', () => {
  const review = toGithubReview(report(withDockerignore, withChangedDockerignore));
  assert.not.ok(review.comments.some((comment) => comment.path.endsWith('.dockerignore')));
  assert.match(review.body, 'Create `services/web/.dockerignore`');
  assert.match(review.body, '.env*\n*.pem');
  assert.match(review.body, 'Created .dockerignore with 5 exclusions.');
  assert.match(review.body, '**Change `services/db/.dockerignore` line 2**');
  assert.match(review.body, '+.git\n+*.pem');
  assert.match(review.body, 'Added 2 lines to .dockerignore');
  // The Dockerfile change of the same result is still a suggestion.
  assert.ok(review.comments.some((comment) => comment.path === 'services/web/Dockerfile'));
});

test('a change no line suggestion can express goes to the body as a diff', () => {
  const review = toGithubReview(report(dropsFinalNewline));
  assert.is(review.comments.length, 0);
  assert.match(review.body, 'cannot make this change exactly');
  assert.match(review.body, '+USER 10001');
});

test('the body keeps the reasons of an inexpressible change and says why it is no suggestion', () => {
  const explained = {
    ...dropsFinalNewline,
    findings: [finding('non-root-user/added', 'info', 'The runtime stage now runs as UID 10001.', { line: 2 }, true)],
  };
  const review = toGithubReview(report(explained));
  assert.is(review.comments.length, 0);
  assert.match(review.body, 'The runtime stage now runs as UID 10001. (`non-root-user/added`)');
  assert.match(review.body, 'cannot make this change exactly');
});

test('an unprocessable Dockerfile is an error comment at its line', () => {
  const review = toGithubReview(report(parseError));
  assert.equal(review.comments, [
    {
      path: 'broken/Dockerfile',
      line: 3,
      side: 'RIGHT',
      body: '**error**: no FROM instruction: expected at least one build stage',
    },
  ]);
  assert.match(review.body, '1 could not be processed');
});

test('the body counts files and points at the comments', () => {
  const clean = result('ok/Dockerfile', 'FROM a\n', 'FROM a\n', [
    finding('floating-base-tag/latest', 'warning', 'Base image "a" floats.', null),
  ]);
  const review = toGithubReview(report(splitStages, clean));
  assert.match(review.body, 'dockopt checked 2 Dockerfiles: 1 would change.');
  assert.match(review.body, /See the \d+ review comments\./);
  assert.match(review.body, '#### `ok/Dockerfile`');
});

test('formatReviewReport prints the review as JSON', () => {
  const printed = formatReviewReport('github', report(splitStages), prDiff);
  assert.equal(JSON.parse(printed), toGithubReview(report(splitStages), { diff: prDiff }));
  assert.ok(printed.endsWith('\n'));
  assert.throws(() => formatReviewReport('xml', report()), /not a review format/);
});

test.run();
