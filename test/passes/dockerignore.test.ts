/**
 * dockerignore (the pass): creates or merges the context's .dockerignore, never excluding a
 * file the build needs. src/dockerignore's matching and planning have their own suite
 * (test/dockerignore.test.ts); this one runs the pass on real contexts through the harness.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { passTests, runCase, type ValidCase } from './pass-tester.js';

const df = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The file the pass creates when the build needs none of the paths its lines exclude. */
const STANDARD = `# Version control
.git
.hg
.svn

# Editor and OS files
.idea
.vscode
**/*.swp
**/.DS_Store

# Secrets: never send them to the builder
**/.env
**/.env.*
**/*.pem
**/*.key
**/id_rsa*
**/id_ed25519*
.aws
.ssh

# Build output
bin/
dist/
**/*.test
coverage.out

# Dependencies of other toolchains
**/node_modules

# Docker files (docker build reads them even when excluded)
Dockerfile*
*.Dockerfile
docker-compose*.yml
docker-compose*.yaml
compose*.yml
compose*.yaml
.dockerignore
`;

/** STANDARD without some of its lines: those the build needs, or those an existing file has. */
function standardWithout(...lines: string[]): string {
  const all = STANDARD.split('\n');
  for (const line of lines) assert.ok(all.includes(line), `"${line}" is not a standard line`);
  return all.filter((line) => !lines.includes(line)).join('\n');
}

const ALL_GROUPS = 'version control, editor and OS files, secrets, build output, node_modules, Docker files';

const GO_MOD = 'module github.com/acme/shop\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n';
const GO_SUM = 'github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=\n';
const GIN_MAIN = 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tgin.Default().Run(":8080")\n}\n';

const NAIVE = df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go mod download', 'RUN go build -o server .', 'EXPOSE 8080', 'CMD ["./server"]');

const valid: ValidCase[] = [
  {
    name: 'leaves a .dockerignore that has every standard line alone',
    dockerfile: NAIVE,
    files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM, 'main.go': GIN_MAIN, '.dockerignore': STANDARD },
  },
  {
    name: 'writes nothing with `dockerignore: false`',
    dockerfile: NAIVE,
    config: { dockerignore: false },
  },
  {
    name: 'writes nothing with `dockerignore: { enabled: false }`, even with extra lines configured',
    dockerfile: NAIVE,
    config: { dockerignore: { enabled: false, extra: ['tmp/'] } },
  },
  {
    name: 'leaves a Node build context alone: not Go',
    dockerfile: df('FROM node:20-alpine', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY . .', 'CMD ["node", "server.js"]'),
    files: { 'package.json': '{"name":"api","main":"server.js"}\n', 'package-lock.json': '{}\n', 'server.js': 'require("http").createServer().listen(3000)\n' },
  },
  {
    name: 'keeps the user\'s `vendor/` line (copied from .gitignore) and only reports that it excludes the vendored modules',
    dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go build -mod=vendor -o server .', 'CMD ["./server"]'),
    files: {
      'go.mod': GO_MOD,
      'go.sum': GO_SUM,
      'main.go': GIN_MAIN,
      'vendor/modules.txt': '# github.com/gin-gonic/gin v1.9.1\n## explicit; go 1.20\ngithub.com/gin-gonic/gin\n',
      'vendor/github.com/gin-gonic/gin/gin.go': 'package gin\n',
      '.dockerignore': `${STANDARD}\n# from .gitignore\nvendor/\n*.log\n`,
    },
    findings: [
      '-:- warning excludes-needed-file {"file":".dockerignore","line":41,"pattern":"vendor/","path":"vendor","reason":"vendored modules of the Go module in the context root","others":" and 2 more needed paths"}',
    ],
  },
];

passTests('dockerignore', {
  valid,
  invalid: [
    {
      name: 'creates .dockerignore with every standard group for a naive `COPY . .` build',
      dockerfile: NAIVE,
      output: NAIVE,
      findings: [`-:- info created {"file":".dockerignore","count":27,"groups":"${ALL_GROUPS}"}`],
      dockerignore: STANDARD,
    },
    {
      name: 'writes a new file with the Dockerfile\'s CRLF line endings',
      dockerfile: NAIVE.replace(/\n/g, '\r\n'),
      output: NAIVE.replace(/\n/g, '\r\n'),
      findings: ['-:- info created'],
      dockerignore: STANDARD.replace(/\n/g, '\r\n'),
    },
    {
      name: '`buildkit: false` does not change the context\'s .dockerignore (it only decides whether <Dockerfile>.dockerignore is read)',
      dockerfile: NAIVE,
      config: { buildkit: false },
      output: NAIVE,
      findings: ['-:- info created'],
      dockerignore: STANDARD,
    },
    {
      name: 'appends only the missing lines to a hand-written file, after a blank line, keeping its lines byte for byte',
      dockerfile: NAIVE,
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go': GIN_MAIN,
        // `.git/`, `bin` and `/dist` mean the standard `.git`, `bin/` and `dist/`: not added twice.
        '.dockerignore': '# git\n.git/\n.idea\n.vscode\n.env\nbin\n/dist\ncoverage.out\nDockerfile\ndocker-compose.yml',
      },
      output: NAIVE,
      findings: [
        '-:- info merged {"file":".dockerignore","count":21,"lines":".hg, .svn, **/*.swp, **/.DS_Store, **/.env, **/.env.*, **/*.pem, **/*.key, **/id_rsa*, **/id_ed25519*, .aws, .ssh, **/*.test, **/node_modules, Dockerfile*, *.Dockerfile, docker-compose*.yml, docker-compose*.yaml, compose*.yml, compose*.yaml, .dockerignore"}',
      ],
      dockerignore: `# git\n.git/\n.idea\n.vscode\n.env\nbin\n/dist\ncoverage.out\nDockerfile\ndocker-compose.yml\n\n${standardWithout('.git', '.idea', '.vscode', 'bin/', 'dist/', 'coverage.out')}`,
    },
    {
      name: 'merges in the existing file\'s CRLF line endings',
      dockerfile: NAIVE,
      files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM, 'main.go': GIN_MAIN, '.dockerignore': '.git\r\n*.md\r\n' },
      output: NAIVE,
      findings: ['-:- info merged'],
      dockerignore: `.git\r\n*.md\r\n\r\n${standardWithout('.git').replace(/\n/g, '\r\n')}`,
    },
    {
      name: 'does not add `bin/` when a COPY needs bin/docker-entrypoint.sh',
      dockerfile: df(
        'FROM golang:1.22-alpine',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o /usr/local/bin/shop .',
        'COPY bin/docker-entrypoint.sh /usr/local/bin/',
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        'CMD ["shop"]',
      ),
      files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM, 'main.go': GIN_MAIN, 'bin/docker-entrypoint.sh': '#!/bin/sh\nexec "$@"\n' },
      output: df(
        'FROM golang:1.22-alpine',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o /usr/local/bin/shop .',
        'COPY bin/docker-entrypoint.sh /usr/local/bin/',
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        'CMD ["shop"]',
      ),
      findings: [
        `-:- info created {"file":".dockerignore","count":26,"groups":"${ALL_GROUPS}"}`,
        '5:1 info kept-needed {"file":".dockerignore","line":"bin/","path":"bin/docker-entrypoint.sh","reason":"copied by COPY on line 5"}',
      ],
      dockerignore: standardWithout('bin/'),
    },
    {
      name: 'does not add `dist/` when the Go program embeds the built frontend with //go:embed all:dist',
      dockerfile: df(
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/site .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /out/site /site',
        'ENTRYPOINT ["/site"]',
      ),
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go':
          'package main\n\nimport (\n\t"embed"\n\t"net/http"\n)\n\n//go:embed all:dist\nvar dist embed.FS\n\nfunc main() {\n\thttp.Handle("/", http.FileServer(http.FS(dist)))\n\thttp.ListenAndServe(":8080", nil)\n}\n',
        'dist/index.html': '<div id="app"></div>\n',
        'dist/assets/index.js': 'console.log(1)\n',
      },
      output: df(
        'FROM golang:1.22-alpine AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=0 go build -o /out/site .',
        '',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /out/site /site',
        'ENTRYPOINT ["/site"]',
      ),
      findings: ['-:- info created', '-:- info kept-needed {"file":".dockerignore","line":"dist/","path":"dist","reason":"embedded with //go:embed"}'],
      dockerignore: standardWithout('dist/'),
    },
    {
      name: 'keeps .env in the context when godotenv loads it at run time, and warns that it reaches the image',
      dockerfile: NAIVE,
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go':
          'package main\n\nimport (\n\t"github.com/gin-gonic/gin"\n\t"github.com/joho/godotenv"\n)\n\nfunc main() {\n\tgodotenv.Load()\n\tgin.Default().Run(":8080")\n}\n',
        '.env': 'DATABASE_URL=postgres://shop:secret@db/shop\n',
      },
      output: NAIVE,
      findings: [
        '-:- info created',
        '-:- info kept-needed {"file":".dockerignore","line":"**/.env","path":".env","reason":"opened at run time (godotenv.Load in main.go:9)"}',
        '-:- warning secret-in-context {"path":".env","pattern":"**/.env","reason":"opened at run time (godotenv.Load in main.go:9)"}',
      ],
      dockerignore: standardWithout('**/.env'),
    },
    {
      name: 'keeps a COPYed .env and TLS key pair; warns about .env and leaves the key files to secrets-in-image',
      dockerfile: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o server .',
        'COPY certs/server.pem certs/server.key /etc/shop/tls/',
        'COPY .env /app/.env',
        'CMD ["./server"]',
      ),
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go': GIN_MAIN,
        'certs/server.pem': '-----BEGIN CERTIFICATE-----\n',
        'certs/server.key': '-----BEGIN PRIVATE KEY-----\n',
        '.env': 'GIN_MODE=release\n',
      },
      output: df(
        'FROM golang:1.22',
        'WORKDIR /app',
        'COPY . .',
        'RUN go build -o server .',
        'COPY certs/server.pem certs/server.key /etc/shop/tls/',
        'COPY .env /app/.env',
        'CMD ["./server"]',
      ),
      findings: [
        '-:- info created {"file":".dockerignore","count":24,"groups":"' + ALL_GROUPS + '"}',
        '6:1 info kept-needed {"file":".dockerignore","line":"**/.env","path":".env","reason":"copied by COPY on line 6"}',
        '5:1 info kept-needed {"file":".dockerignore","line":"**/*.pem","path":"certs/server.pem","reason":"copied by COPY on line 5"}',
        '5:1 info kept-needed {"file":".dockerignore","line":"**/*.key","path":"certs/server.key","reason":"copied by COPY on line 5"}',
        '6:1 warning secret-in-context {"path":".env","pattern":"**/.env","reason":"copied by COPY on line 6"}',
      ],
      dockerignore: standardWithout('**/.env', '**/*.pem', '**/*.key'),
    },
    {
      name: 'keeps testdata/.env for the `go test` RUN without calling it a secret',
      dockerfile: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go test ./... && go build -o server .', 'CMD ["./server"]'),
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go': GIN_MAIN,
        'main_test.go': 'package main\n\nimport "testing"\n\nfunc TestNothing(t *testing.T) {}\n',
        'testdata/.env': 'GIN_MODE=test\n',
      },
      output: df('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', 'RUN go test ./... && go build -o server .', 'CMD ["./server"]'),
      findings: [
        '-:- info created',
        '4:1 info kept-needed {"file":".dockerignore","line":"**/.env","path":"testdata/.env","reason":"test data for the go test/vet RUN on line 4"}',
      ],
      dockerignore: standardWithout('**/.env'),
    },
    {
      name: 'does not append `**/.env.*` after a `!.env.example` exception it would override',
      dockerfile: NAIVE,
      files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM, 'main.go': GIN_MAIN, '.env.example': 'DATABASE_URL=\n', '.dockerignore': '.git\n.env\n.env.*\n!.env.example\n' },
      output: NAIVE,
      findings: ['-:- info merged', '-:- info kept-exception {"file":".dockerignore","line":"**/.env.*","path":".env.example"}'],
      dockerignore: `.git\n.env\n.env.*\n!.env.example\n\n${standardWithout('.git', '**/.env.*')}`,
    },
    {
      name: 'reports once that an allow-list `*` excludes the templates the program renders, and still merges',
      dockerfile: df('FROM golang:1.22-alpine', 'WORKDIR /app', 'COPY . .', 'RUN go build -o blog .', 'CMD ["./blog"]'),
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go': 'package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc main() {\n\tr := gin.Default()\n\tr.LoadHTMLGlob("templates/*.html")\n\tr.Run()\n}\n',
        'templates/index.html': '<h1>{{ .Title }}</h1>\n',
        'templates/post.html': '<article>{{ .Body }}</article>\n',
        '.dockerignore': '*\n!go.mod\n!go.sum\n!*.go\n',
      },
      output: df('FROM golang:1.22-alpine', 'WORKDIR /app', 'COPY . .', 'RUN go build -o blog .', 'CMD ["./blog"]'),
      findings: [
        '-:- info merged',
        '-:- warning excludes-needed-file {"file":".dockerignore","line":1,"pattern":"*","path":"templates/index.html","reason":"opened at run time (LoadHTMLGlob in main.go:7)","others":" and 1 more needed paths"}',
      ],
      dockerignore: `*\n!go.mod\n!go.sum\n!*.go\n\n${STANDARD}`,
    },
    {
      name: 'appends config `dockerignore.extra` lines as their own group, without comments and without a line that excludes a needed file',
      dockerfile: NAIVE,
      config: { dockerignore: { extra: ['# local scratch files', 'tmp/', 'config/', '*.sqlite', '!config/defaults.yaml'] } },
      files: {
        'go.mod': GO_MOD,
        'go.sum': GO_SUM,
        'main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\tos.ReadFile("config/app.yaml")\n}\n',
        'config/app.yaml': 'port: 8080\n',
      },
      output: NAIVE,
      findings: [
        `-:- info created {"file":".dockerignore","count":30,"groups":"${ALL_GROUPS}"}`,
        '-:- info kept-needed {"file":".dockerignore","line":"config/","path":"config/app.yaml","reason":"opened at run time (os.ReadFile in main.go:6)"}',
      ],
      dockerignore: `${STANDARD}\n# Project-specific (dockopt config)\ntmp/\n*.sqlite\n!config/defaults.yaml\n`,
    },
  ],
});

// The harness compares .dockerignore only for invalid cases; a pass whose whole job is that file
// must also leave it as it was in every valid case.
for (const c of valid) {
  test(`dockerignore valid: ${c.name} (the .dockerignore is not written)`, () => {
    const result = runCase('dockerignore', c);
    assert.ok(result.dockerignore === null || result.dockerignore.status === 'unchanged', `.dockerignore ${result.dockerignore?.status}`);
  });
}

test.run();
