/** .dockerignore: Docker's matching rules, what a build needs, and the create/merge plan. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import dockerignorePass from '../passes/dockerignore.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../src/config.js';
import { emptyFacts, withFacts, type ContextFacts } from '../src/context/facts.js';
import type { GoFacts } from '../ecosystems/go/facts.js';
import { go } from '../ecosystems/go/index.js';
import { buildContextNeeds, isIgnored, planDockerignore, STANDARD_GROUPS } from '../src/dockerignore/rules.js';
import type { Model } from '../src/dockerfile/model.js';
import { parseDockerfile } from '../src/dockerfile/parse.js';
import { renderMessage, type Finding, type MessageSpec, type PassContext } from '../src/pass.js';
import type { BuildPlan, PlanKind } from '../src/analysis/plan.js';
import { goModule } from './helpers.js';

const NAIVE = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /server .\nCMD ["/server"]\n';

/** Facts for a context holding `files`, with a root module unless overridden. */
function contextFacts(files: string[], overrides: Partial<ContextFacts> & Partial<GoFacts> = {}): ContextFacts {
  const dirs = new Set(files.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  const { root, filesTruncated, dockerignore, ...goOverrides } = overrides;
  const base: ContextFacts = {
    ...emptyFacts(root ?? '/ctx'),
    files,
    filesTruncated: filesTruncated ?? false,
    dockerignore: dockerignore ?? null,
    hasFile: (path) => files.includes(path),
    hasDir: (path) => dirs.has(path),
  };
  return withFacts(base, go, {
    goModules: files.includes('go.mod') ? [goModule('', { hasGoSum: files.includes('go.sum') })] : [],
    goFiles: files.filter((file) => file.endsWith('.go')),
    ...(goOverrides as Partial<GoFacts>),
  });
}

const messages: Record<string, MessageSpec> = dockerignorePass.messages;
const standardLines = STANDARD_GROUPS.flatMap((group) => group.lines);

function fakePlan(model: Model, kind: PlanKind): BuildPlan {
  const stages = model.stages();
  return {
    kind,
    stages,
    buildStage: stages[0] ?? null,
    finalStage: stages[stages.length - 1] ?? null,
    builds: [],
    start: { entrypoint: null, cmd: null, program: null, programPath: null, build: null, needsShell: false },
    workdir: '/',
    workdirAt: new Map(),
    uncertain: [],
    baseImages: [],
  };
}

function runPass(
  dockerfile: string,
  facts: ContextFacts,
  options: { kind?: PlanKind; config?: Partial<ResolvedConfig> } = {},
): { output: string | null; findings: Finding[] } {
  const model = parseDockerfile(dockerfile);
  const findings: Finding[] = [];
  const ctx: PassContext = {
    model,
    facts,
    config: { ...DEFAULT_CONFIG, ...options.config },
    plan: () => fakePlan(model, options.kind ?? 'go-single-stage'),
    isGo: () => (options.kind ?? 'go-single-stage') !== 'not-go',
    report: (finding) => {
      const spec = messages[finding.code]!;
      const message = renderMessage(spec.text, finding.data);
      assert.not.match(message, /\{\{/, `every placeholder of ${finding.code} is filled`);
      findings.push({
        pass: 'dockerignore',
        code: finding.code,
        severity: spec.severity,
        message,
        data: finding.data ?? {},
        line: finding.at?.origin ? finding.at.origin.line + 1 : null,
        column: null,
        endLine: null,
        endColumn: null,
        fixed: finding.fixed ?? false,
      });
    },
    options: {},
    dockerignore: { name: '.dockerignore', original: facts.dockerignore, output: null },
  };
  dockerignorePass.apply(ctx);
  return { output: ctx.dockerignore.output, findings };
}

// --- Docker's matching rules ---------------------------------------------------------

test('**/*.go matches Go files at any depth, *.go only at the root', () => {
  assert.ok(isIgnored('**/*.go', 'main.go'));
  assert.ok(isIgnored('**/*.go', 'internal/db/db.go'));
  assert.ok(isIgnored('*.go', 'main.go'));
  assert.not.ok(isIgnored('*.go', 'cmd/main.go'));
});

test('a ! exception re-includes a file after a broader exclusion', () => {
  const patterns = '*.pem\n!keep.pem\n';
  assert.ok(isIgnored(patterns, 'server.pem'));
  assert.not.ok(isIgnored(patterns, 'keep.pem'));
});

test('the last matching line wins: *.md then !README.md keeps only README.md', () => {
  const patterns = '*.md\n!README.md\n';
  assert.ok(isIgnored(patterns, 'CHANGELOG.md'));
  assert.not.ok(isIgnored(patterns, 'README.md'));
  assert.ok(isIgnored('!README.md\n*.md\n', 'README.md'), 'an exception above the exclusion loses');
});

test('/foo and foo both mean foo at the context root, never a nested foo', () => {
  for (const pattern of ['/foo', 'foo']) {
    assert.ok(isIgnored(pattern, 'foo'), pattern);
    assert.not.ok(isIgnored(pattern, 'sub/foo'), pattern);
  }
});

test('an excluded directory excludes everything inside it', () => {
  assert.ok(isIgnored('dist/', 'dist'));
  assert.ok(isIgnored('dist/', 'dist/assets/app.js'));
  assert.ok(isIgnored('**/node_modules', 'web/node_modules/vue/index.js'));
  assert.not.ok(isIgnored('dist/', 'web/dist/index.html'));
});

test('comments, blank lines, CRLF, a BOM and surrounding spaces follow Docker', () => {
  assert.not.ok(isIgnored('# dist\n\n', 'dist'));
  assert.ok(isIgnored('\ufeffdist\r\n', 'dist/index.html'));
  assert.ok(isIgnored('  dist  \n', 'dist'));
  assert.not.ok(isIgnored('Dist', 'dist'), 'matching is case-sensitive, as on Linux builders');
  assert.not.ok(isIgnored('*', ''), 'the context root itself is never excluded');
});

// --- what the build needs -----------------------------------------------------------

test('needs: named COPY sources, not --from, URLs or heredocs; JSON form keeps spaces', () => {
  const dockerfile = [
    'FROM golang:1.22 AS build',
    'COPY go.mod go.sum ./',
    'COPY --chmod=644 \\',
    '  ["web assets/", "./assets/"]',
    'COPY --chown=1:1 ./config/app.yaml /etc/app.yaml',
    'ADD https://example.com/tool.tgz /tmp/',
    'COPY <<EOF /etc/motd',
    'hello',
    'EOF',
    'FROM scratch',
    'COPY --from=build /out/server /server',
    '',
  ].join('\n');
  const needs = buildContextNeeds(parseDockerfile(dockerfile), emptyFacts());
  assert.equal(needs, ['config/app.yaml', 'go.mod', 'go.sum', 'web assets']);
});

test('needs: files a RUN names and bind-mount sources', () => {
  const facts = contextFacts(['go.mod', 'main.go', 'bin/gen.sh', 'tools/versions.txt']);
  const model = parseDockerfile('FROM golang:1.22\nRUN --mount=type=bind,source=tools,target=/tools ./bin/gen.sh\nRUN --mount=type=cache,target=/root/.cache go build .\n');
  const needs = buildContextNeeds(model, facts);
  assert.ok(needs.includes('bin/gen.sh') && needs.includes('tools'));
  assert.equal(planDockerignore(null, needs, facts, [], '\n').dropped, ['bin/']);
});

test('needs: COPY globs expand against the context files', () => {
  const facts = contextFacts(['main.go', 'util.go', 'go.mod', 'README.md', 'certs/ca.pem', 'certs/dev.pem']);
  const needs = buildContextNeeds(parseDockerfile('FROM golang:1.22\nCOPY *.go go.mod ./\nCOPY certs/*.pem /certs/\n'), facts);
  assert.ok(needs.includes('main.go') && needs.includes('util.go'));
  assert.ok(needs.includes('certs/ca.pem') && needs.includes('certs/dev.pem'));
  assert.not.ok(needs.includes('README.md'));
});

test('needs: every module\'s go.mod/go.sum, go.work, vendor, embeds, runtime files, Go sources', () => {
  const facts = contextFacts(
    ['go.work', 'go.work.sum', 'api/go.mod', 'api/go.sum', 'api/main.go', 'api/vendor/modules.txt', 'lib/go.mod', 'web/dist/index.html', 'templates/a.html', 'templates/b.html'],
    {
      goModules: [goModule('api', { vendored: true }), goModule('lib', { hasGoSum: false })],
      goWork: { path: 'go.work', uses: ['api', 'lib'], hasGoWorkSum: true },
      embeds: ['web/dist'],
      runtimeFiles: [{ file: 'api/main.go', line: 9, pattern: 'templates/*.html', via: 'ParseGlob' }],
    },
  );
  const needs = buildContextNeeds(parseDockerfile(NAIVE), facts);
  for (const path of ['go.work', 'go.work.sum', 'api/go.mod', 'api/go.sum', 'api/vendor', 'api/vendor/modules.txt', 'lib/go.mod', 'web/dist', 'templates/a.html', 'templates/b.html', 'api/main.go']) {
    assert.ok(needs.includes(path), path);
  }
  assert.not.ok(needs.includes('lib/go.sum'), 'a go.sum that does not exist is not needed');
});

// --- the plan -----------------------------------------------------------------------

const CREATED = [
  '# Version control', '.git', '.hg', '.svn', '',
  '# Editor and OS files', '.idea', '.vscode', '**/*.swp', '**/.DS_Store', '',
  '# Secrets: never send them to the builder', '**/.env', '**/.env.*', '**/*.pem', '**/*.key', '**/id_rsa*', '**/id_ed25519*', '.aws', '.ssh', '',
  '# Build output', 'bin/', 'dist/', '**/*.test', 'coverage.out', '',
  '# Dependencies of other toolchains', '**/node_modules', '',
  '# Docker files (docker build reads them even when excluded)', 'Dockerfile*', '*.Dockerfile', 'docker-compose*.yml', 'docker-compose*.yaml', 'compose*.yml', 'compose*.yaml', '.dockerignore',
  '',
].join('\n');

test('creates the standard file for a naive COPY . . Go context', () => {
  const files = ['main.go', 'go.mod', 'go.sum', 'README.md', 'bin/server', '.DS_Store', '.env', 'deploy/tls.key', 'Dockerfile'];
  const facts = contextFacts(files);
  const plan = planDockerignore(null, buildContextNeeds(parseDockerfile(NAIVE), facts), facts, [], '\n');
  assert.is(plan.text, CREATED);
  assert.equal(plan.dropped, []);
  assert.equal(plan.added, standardLines);
  const kept = files.filter((file) => !isIgnored(plan.text, file));
  assert.equal(kept, ['main.go', 'go.mod', 'go.sum', 'README.md']);
});

test('never excludes go.mod, go.sum, vendor, embedded or runtime files, even ones named like junk', () => {
  const files = [
    'go.mod', 'go.sum', 'main.go', 'vendor/modules.txt', 'vendor/github.com/x/y/y.go',
    'certs/ca.pem', 'bin/seed.sql', 'config/.env.defaults', 'node_modules/.keep',
  ];
  const facts = contextFacts(files, {
    goModules: [goModule('', { vendored: true })],
    embeds: ['certs/*.pem'],
    runtimeFiles: [
      { file: 'main.go', line: 20, pattern: 'bin/seed.sql', via: 'os.ReadFile' },
      { file: 'main.go', line: 21, pattern: 'config/.env.defaults', via: 'godotenv.Load' },
    ],
  });
  const needs = buildContextNeeds(parseDockerfile(NAIVE), facts);
  const plan = planDockerignore(null, needs, facts, [], '\n');
  for (const need of needs) assert.not.ok(isIgnored(plan.text, need), need);
  assert.equal(plan.dropped.sort(), ['**/*.pem', '**/.env.*', 'bin/'].sort());
  assert.ok(isIgnored(plan.text, 'node_modules/.keep'));
});

test('keeps dist/ when the program embeds it', () => {
  const facts = contextFacts(['go.mod', 'main.go', 'dist/index.html', 'dist/assets/app.js'], { embeds: ['dist'] });
  const plan = planDockerignore(null, buildContextNeeds(parseDockerfile(NAIVE), facts), facts, [], '\n');
  assert.equal(plan.dropped, ['dist/']);
  assert.not.ok(plan.text.split('\n').includes('dist/'));
  assert.not.ok(isIgnored(plan.text, 'dist/assets/app.js'));
});

test('keeps dist/ when the program serves it with http.Dir or the Dockerfile copies it', () => {
  const served = contextFacts(['go.mod', 'main.go', 'dist/index.html'], {
    runtimeFiles: [{ file: 'main.go', line: 12, pattern: 'dist', via: 'http.Dir' }],
  });
  assert.equal(planDockerignore(null, buildContextNeeds(parseDockerfile(NAIVE), served), served, [], '\n').dropped, ['dist/']);
  const copied = contextFacts(['go.mod', 'main.go', 'dist/index.html']);
  const model = parseDockerfile('FROM golang:1.22\nCOPY . .\nRUN go build -o /server .\nCOPY dist/ /srv/dist/\n');
  assert.equal(planDockerignore(null, buildContextNeeds(model, copied), copied, [], '\n').dropped, ['dist/']);
});

test('excludes dist/ when it comes from another stage, not the context', () => {
  const facts = contextFacts(['go.mod', 'main.go', 'web/package.json', 'dist/index.html']);
  const model = parseDockerfile('FROM node:20 AS web\nCOPY web/ .\nRUN npm run build\nFROM golang:1.22\nCOPY . .\nCOPY --from=web /dist ./dist\nRUN go build -o /server .\n');
  const plan = planDockerignore(null, buildContextNeeds(model, facts), facts, [], '\n');
  assert.ok(isIgnored(plan.text, 'dist/index.html'));
  assert.not.ok(isIgnored(plan.text, 'web/package.json'));
});

test('merge keeps existing lines byte for byte and in order, appends only missing lines, keeps CRLF', () => {
  const existing = '# mine\r\n/bin\r\n*.log  \r\n.git/\r\n\r\n!important.log\r\n';
  const facts = contextFacts(['go.mod', 'main.go']);
  const plan = planDockerignore(existing, buildContextNeeds(parseDockerfile(NAIVE), facts), facts, [], '\n');
  assert.ok(plan.text.startsWith(existing));
  const appended = plan.text.slice(existing.length);
  assert.not.ok(/[^\r]\n/.test(appended), 'appended lines use the existing CRLF');
  assert.not.ok(plan.added.includes('bin/'), '/bin is already there');
  assert.not.ok(plan.added.includes('.git'), '.git/ is already there');
  assert.ok(plan.added.includes('**/.env'));
  assert.ok(appended.startsWith('\r\n# Version control\r\n.hg\r\n'), JSON.stringify(appended.slice(0, 40)));
});

test('merge onto a file without a final newline adds one and a blank line before the additions', () => {
  const facts = contextFacts(['go.mod', 'main.go']);
  const needs = buildContextNeeds(parseDockerfile(NAIVE), facts);
  assert.ok(planDockerignore('tmp', needs, facts, [], '\n').text.startsWith('tmp\n\n# Version control\n.git\n'));
  assert.ok(planDockerignore('tmp\n\n', needs, facts, [], '\n').text.startsWith('tmp\n\n# Version control\n'));
  // Docker splits on LF only, so a lone CR never serves as the line break of added lines.
  assert.ok(planDockerignore('tmp\r', needs, facts, [], '\n').text.startsWith('tmp\r\n\n# Version control\n'));
  assert.ok(planDockerignore(null, needs, facts, [], '\r').text.startsWith('# Version control\n.git\n'));
});

test('planning again on the output adds nothing (idempotent)', () => {
  const facts = contextFacts(['go.mod', 'go.sum', 'main.go', 'dist/index.html', '.env'], {
    embeds: ['dist'],
    runtimeFiles: [{ file: 'main.go', line: 3, pattern: '.env', via: 'godotenv.Load' }],
  });
  const needs = buildContextNeeds(parseDockerfile(NAIVE), facts);
  for (const existing of [null, '', 'node_modules\r\n*.swp', '# keep\n.git\n']) {
    const first = planDockerignore(existing, needs, facts, ['*.log', '!keep.log'], '\n');
    const second = planDockerignore(first.text, needs, facts, ['*.log', '!keep.log'], '\n');
    assert.is(second.text, first.text, JSON.stringify(existing));
    assert.equal(second.added, []);
    assert.equal(second.dropped, first.dropped);
  }
});

test('extra lines from config are appended under their own header and checked like the rest', () => {
  const facts = contextFacts(['go.mod', 'main.go', 'docs/api.yaml']);
  const needs = buildContextNeeds(parseDockerfile('FROM golang:1.22\nCOPY . .\nCOPY docs/api.yaml /api.yaml\n'), facts);
  const plan = planDockerignore(null, needs, facts, ['*.log', 'docs/', '# note'], '\n');
  assert.ok(plan.text.endsWith('# Project-specific (dockopt config)\n*.log\n'));
  assert.equal(plan.dropped, ['docs/']);
});

test('a line that would override the existing file\'s ! exception is not appended', () => {
  const facts = contextFacts(['go.mod', 'main.go', 'secrets/public.pem', 'secrets/private.pem']);
  const existing = 'secrets/\n!secrets/public.pem\n';
  const plan = planDockerignore(existing, buildContextNeeds(parseDockerfile(NAIVE), facts), facts, [], '\n');
  assert.equal(plan.droppedLines.filter((d) => d.because === 'exception').map((d) => d.line), ['**/*.pem']);
  assert.not.ok(isIgnored(plan.text, 'secrets/public.pem'));
});

test('reports needed files the existing file excludes, with the deciding line, and keeps the line', () => {
  const facts = contextFacts(['go.mod', 'go.sum', 'main.go']);
  const existing = '*.sum\n!go.sum\ngo.sum\n';
  const plan = planDockerignore(existing, buildContextNeeds(parseDockerfile(NAIVE), facts), facts, [], '\n');
  assert.equal(plan.excludedNeeds, [{ path: 'go.sum', line: 3, pattern: 'go.sum' }]);
  assert.ok(plan.text.startsWith(existing));
});

// --- the pass -----------------------------------------------------------------------

test('the pass creates .dockerignore for a Go build and reports it as fixed', () => {
  const { output, findings } = runPass(NAIVE, contextFacts(['go.mod', 'go.sum', 'main.go']));
  assert.is(output, CREATED);
  assert.equal(findings.map((f) => [f.code, f.fixed]), [['created', true]]);
  assert.is(findings[0]!.data['count'], standardLines.length);
});

test('the pass uses the Dockerfile EOL when it creates the file', () => {
  const { output } = runPass(NAIVE.replace(/\n/g, '\r\n'), contextFacts(['go.mod', 'main.go']));
  assert.is(output, CREATED.replace(/\n/g, '\r\n'));
});

test('the pass leaves .dockerignore alone when disabled or when the Dockerfile is not Go', () => {
  const facts = contextFacts(['go.mod', 'main.go']);
  const disabled = runPass(NAIVE, facts, { config: { dockerignore: { enabled: false, extra: [] } } });
  assert.is(disabled.output, null);
  assert.equal(disabled.findings, []);
  const notGo = runPass('FROM node:20\nCOPY . .\n', facts, { kind: 'not-go' });
  assert.is(notGo.output, null);
  assert.equal(notGo.findings, []);
});

test('the pass keeps a runtime .env in the context and reports it as a secret in the image', () => {
  const facts = contextFacts(['go.mod', 'main.go', '.env'], {
    runtimeFiles: [{ file: 'main.go', line: 14, pattern: '.env', via: 'godotenv.Load' }],
  });
  const { output, findings } = runPass(NAIVE, facts);
  assert.not.ok(isIgnored(output!, '.env'));
  const kept = findings.find((f) => f.code === 'kept-needed');
  assert.equal(kept?.data, { file: '.dockerignore', line: '**/.env', path: '.env', reason: 'opened at run time (godotenv.Load in main.go:14)' });
  const secret = findings.find((f) => f.code === 'secret-in-context');
  assert.equal(secret?.data, { path: '.env', pattern: '**/.env', reason: 'opened at run time (godotenv.Load in main.go:14)' });
});

test('the pass reports a needed file the existing .dockerignore excludes, at the COPY', () => {
  const facts = contextFacts(['go.mod', 'go.sum', 'main.go'], { dockerignore: '*.sum\n' });
  const dockerfile = 'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /server .\n';
  const { output, findings } = runPass(dockerfile, facts);
  assert.ok(output!.startsWith('*.sum\n\n# Version control\n'));
  const finding = findings.find((f) => f.code === 'excludes-needed-file');
  assert.equal(finding?.data, { file: '.dockerignore', line: 1, pattern: '*.sum', path: 'go.sum', reason: 'copied by COPY on line 2', others: '' });
  assert.is(finding?.line, 2);
  assert.equal(findings.map((f) => f.code).sort(), ['excludes-needed-file', 'merged']);
});

test('the pass reports nothing new when run on its own output', () => {
  const facts = contextFacts(['go.mod', 'main.go']);
  const first = runPass(NAIVE, facts);
  const second = runPass(NAIVE, { ...facts, dockerignore: first.output });
  assert.is(second.output, first.output);
  assert.equal(second.findings, []);
});

test.run();
