import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gatherContextFacts } from '../src/context/facts.js';
import { goFacts } from '../ecosystems/go/index.js';
import { ecosystems } from '../ecosystems/index.js';

const created: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockopt-context-'));
  created.push(dir);
  return dir;
}

/** A build context on disk holding `files` (relative path → text). */
function makeContext(files: Record<string, string>): string {
  const root = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  return root;
}

/** The facts of the context at `root` with Go's read at once: what the Go passes see. */
function factsAt(root: string) {
  const facts = gatherContextFacts(root, ecosystems);
  return { ...facts, ...goFacts(facts) };
}

function factsOf(files: Record<string, string>) {
  return factsAt(makeContext(files));
}

test.after(() => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

// ── go.mod ──────────────────────────────────────────────────────────────────────────

test('reads module path, go version, toolchain and requires in single and block form', () => {
  const facts = factsOf({
    'go.mod': [
      'module example.com/shop // the shop',
      '',
      'go 1.22.1',
      '',
      'toolchain go1.22.3',
      '',
      'require github.com/gin-gonic/gin v1.9.1',
      '',
      'require (',
      '\tgithub.com/lib/pq v1.10.9',
      '\tgolang.org/x/net v0.20.0 // indirect',
      ')',
      '',
    ].join('\n'),
    'go.sum': '',
  });
  assert.ok(facts.goMod);
  assert.is(facts.goMod.dir, '');
  assert.is(facts.goMod.modulePath, 'example.com/shop');
  assert.is(facts.goMod.goVersion, '1.22.1');
  assert.is(facts.goMod.toolchain, 'go1.22.3');
  assert.equal(facts.goMod.requires, [
    { path: 'github.com/gin-gonic/gin', version: 'v1.9.1', indirect: false },
    { path: 'github.com/lib/pq', version: 'v1.10.9', indirect: false },
    { path: 'golang.org/x/net', version: 'v0.20.0', indirect: true },
  ]);
  assert.is(facts.goMod.hasGoSum, true);
  assert.is(facts.goMod.vendored, false);
});

test('reads a go.mod with CRLF line endings', () => {
  const facts = factsOf({
    'go.mod': 'module example.com/win\r\n\r\ngo 1.21\r\n\r\nrequire (\r\n\tgithub.com/a/b v1.0.0\r\n)\r\n',
  });
  assert.is(facts.goMod?.modulePath, 'example.com/win');
  assert.is(facts.goMod?.goVersion, '1.21');
  assert.equal(facts.goMod?.requires, [{ path: 'github.com/a/b', version: 'v1.0.0', indirect: false }]);
});

test('resolves local replace targets against the go.mod directory, relative to the context root', () => {
  const facts = factsOf({
    'services/api/go.mod': [
      'module example.com/api',
      'go 1.22',
      'replace example.com/shared => ../../shared',
      'replace (',
      '\texample.com/util v1.0.0 => ./internal/util',
      '\texample.com/fork => github.com/someone/fork v1.2.3',
      ')',
    ].join('\n'),
    'shared/go.mod': 'module example.com/shared\n',
  });
  const api = facts.goModules.find((m) => m.dir === 'services/api');
  assert.ok(api);
  assert.equal(api.replaces, [
    { from: 'example.com/shared', to: '../../shared', local: true, targetDir: 'shared' },
    { from: 'example.com/util', to: './internal/util', local: true, targetDir: 'services/api/internal/util' },
    { from: 'example.com/fork', to: 'github.com/someone/fork', local: false, targetDir: null },
  ]);
});

test('leaves targetDir null when a replace target lies outside the context', () => {
  const facts = factsOf({
    'go.mod':
      'module example.com/app\n\nreplace example.com/shared => ../shared\nreplace example.com/abs => /src/abs\n',
  });
  assert.equal(facts.goMod?.replaces, [
    { from: 'example.com/shared', to: '../shared', local: true, targetDir: null },
    { from: 'example.com/abs', to: '/src/abs', local: true, targetDir: null },
  ]);
});

test('lists every go.mod root first, each with its own go.sum and vendor state', () => {
  const facts = factsOf({
    'tools/go.mod': 'module example.com/tools\n',
    'go.mod': 'module example.com/app\n',
    'vendor/modules.txt': '# github.com/lib/pq v1.10.9\n',
    'vendor/github.com/lib/pq/go.mod': 'module github.com/lib/pq\n',
    'tools/go.sum': '',
  });
  assert.equal(
    facts.goModules.map((m) => [m.dir, m.modulePath, m.hasGoSum, m.vendored]),
    [
      ['', 'example.com/app', false, true],
      ['tools', 'example.com/tools', true, false],
    ],
  );
});

test('reports no go.mod for a GOPATH-style context', () => {
  const facts = factsOf({ 'main.go': 'package main\n\nfunc main() {}\n' });
  assert.is(facts.goMod, null);
  assert.equal(facts.goModules, []);
});

// ── go.work ─────────────────────────────────────────────────────────────────────────

test('reads go.work with two members and marks a member outside the context null', () => {
  const facts = factsOf({
    'go.work': 'go 1.22\n\nuse (\n\t./api\n\t./worker // jobs\n)\n\nuse ../outside\n',
    'go.work.sum': '',
    'api/go.mod': 'module example.com/api\n',
    'worker/go.mod': 'module example.com/worker\n',
  });
  assert.equal(facts.goWork, { path: 'go.work', uses: ['api', 'worker', null], hasGoWorkSum: true });
});

test('resolves `use .` to the go.work directory and notes a missing go.work.sum', () => {
  const facts = factsOf({ 'go.work': 'go 1.22\nuse .\n', 'go.mod': 'module example.com/app\n' });
  assert.equal(facts.goWork, { path: 'go.work', uses: [''], hasGoWorkSum: false });
});

// ── Go files and main packages ──────────────────────────────────────────────────────

test('a main package built for some targets only is not unconditional', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nfunc main() {}\n',
    'cmd/arm/main_arm64.go': 'package main\n\nfunc main() {}\n',
    'cmd/tagged/main.go': '//go:build amd64\n\npackage main\n\nfunc main() {}\n',
    'cmd/legacy/main.go': '// +build linux\n\npackage main\n\nfunc main() {}\n',
    'cmd/mixed/main.go': 'package main\n\nfunc main() {}\n',
    'cmd/mixed/extra_linux.go': 'package main\n',
    'cmd/snake_case_name/main.go': 'package main\n\nfunc main() {}\n',
  });
  assert.equal(facts.mainPackages, ['', 'cmd/arm', 'cmd/legacy', 'cmd/mixed', 'cmd/snake_case_name', 'cmd/tagged']);
  assert.equal(facts.unconditionalMainPackages, ['', 'cmd/mixed', 'cmd/snake_case_name']);
});

test('lists main packages from non-test files only, skipping build-ignored and other-OS files', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nfunc main() {}\n',
    'cmd/worker/worker.go': '// Command worker runs jobs.\npackage main\n\nfunc main() {}\n',
    'lib/lib.go': 'package lib\n',
    'lib/lib_test.go': 'package main\n',
    'gen/gen.go': '//go:build ignore\n\npackage main\n\nfunc main() {}\n',
    'legacy/old.go': '// +build ignore\n\npackage main\n',
    'winsvc/svc_windows.go': 'package main\n',
    'testdata/fixture/main.go': 'package main\n',
  });
  assert.equal(facts.mainPackages, ['', 'cmd/worker']);
  assert.equal(facts.goFiles, [
    'cmd/worker/worker.go',
    'gen/gen.go',
    'legacy/old.go',
    'lib/lib.go',
    'lib/lib_test.go',
    'main.go',
    'testdata/fixture/main.go',
    'winsvc/svc_windows.go',
  ]);
});

// ── cgo ─────────────────────────────────────────────────────────────────────────────

test('turns cgo on for import "C" inside an import block', () => {
  const facts = factsOf({
    'db/sqlite.go': 'package db\n\n/*\n#include <stdlib.h>\n*/\nimport (\n\t"fmt"\n\t"C"\n)\n\nvar _ = fmt.Sprint\n',
  });
  assert.equal(facts.cgo, { needed: true, reasons: ['import "C" in db/sqlite.go'] });
});

test('turns cgo on for a single-line import "C"', () => {
  const facts = factsOf({ 'native.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n' });
  assert.equal(facts.cgo, { needed: true, reasons: ['import "C" in native.go'] });
});

test('keeps cgo off when import "C" is only in a test file', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
    'native_test.go': 'package main\n\nimport "C"\n',
  });
  assert.equal(facts.cgo, { needed: false, reasons: [] });
});

test('keeps cgo off for import "C" in comments, vendor/ and files built only for other systems', () => {
  const facts = factsOf({
    'main.go': 'package main\n\n// import "C"\n/* import "C" */\nfunc main() {}\n',
    'vendor/github.com/x/y/y.go': 'package y\n\nimport "C"\n',
    'sys_windows.go': 'package main\n\nimport "C"\n',
    'sys_darwin.go': '//go:build darwin && cgo\n\npackage main\n\nimport "C"\n',
  });
  assert.equal(facts.cgo, { needed: false, reasons: [] });
});

test('turns cgo on when go.mod requires github.com/mattn/go-sqlite3', () => {
  const facts = factsOf({
    'go.mod': 'module example.com/app\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
    'main.go': 'package main\n\nimport _ "github.com/mattn/go-sqlite3"\n\nfunc main() {}\n',
  });
  assert.equal(facts.cgo, { needed: true, reasons: ['requires github.com/mattn/go-sqlite3 (cgo)'] });
});

test('turns cgo on for an indirect requirement of confluent-kafka-go/v2', () => {
  const facts = factsOf({
    'go.mod':
      'module example.com/app\n\nrequire (\n\tgithub.com/confluentinc/confluent-kafka-go/v2 v2.3.0 // indirect\n)\n',
  });
  assert.equal(facts.cgo, {
    needed: true,
    reasons: ['requires github.com/confluentinc/confluent-kafka-go/v2 (cgo, indirect)'],
  });
});

test('keeps cgo off for pure-Go modules such as gopsutil and modernc sqlite', () => {
  const facts = factsOf({
    'go.mod':
      'module example.com/app\n\nrequire (\n\tgithub.com/shirou/gopsutil/v3 v3.24.1\n\tmodernc.org/sqlite v1.29.0\n)\n',
  });
  assert.equal(facts.cgo, { needed: false, reasons: [] });
});

test('turns cgo on for an import of gopacket/pcap without go.mod', () => {
  const facts = factsOf({
    'sniff.go':
      'package main\n\nimport "github.com/google/gopacket/pcap"\n\nfunc main() { pcap.OpenLive("eth0", 0, false, 0) }\n',
  });
  assert.equal(facts.cgo, { needed: true, reasons: ['imports github.com/google/gopacket/pcap (cgo) in sniff.go'] });
});

// ── Runtime files ───────────────────────────────────────────────────────────────────

test('finds templates loaded with template.Must(template.ParseGlob(...))', () => {
  const facts = factsOf({
    'web/server.go': [
      'package web',
      '',
      'import "html/template"',
      '',
      'var pages = template.Must(template.ParseGlob("./templates/*.html"))',
      '',
      'func load(t *template.Template) {',
      '\tt.ParseFiles("layouts/base.html", name, "./layouts/nav.html")',
      '}',
    ].join('\n'),
  });
  assert.equal(facts.runtimeFiles, [
    { pattern: 'templates/*.html', via: 'ParseGlob', file: 'web/server.go', line: 5 },
    { pattern: 'layouts/base.html', via: 'ParseFiles', file: 'web/server.go', line: 8 },
    { pattern: 'layouts/nav.html', via: 'ParseFiles', file: 'web/server.go', line: 8 },
  ]);
});

test('finds a static directory served through http.Dir, also under an import alias', () => {
  const facts = factsOf({
    'main.go': [
      'package main',
      '',
      'import (',
      '\tnethttp "net/http"',
      ')',
      '',
      'func main() {',
      '\tnethttp.Handle("/static/", nethttp.FileServer(nethttp.Dir("./static/")))',
      '}',
    ].join('\n'),
  });
  assert.equal(facts.runtimeFiles, [{ pattern: 'static', via: 'http.Dir', file: 'main.go', line: 8 }]);
});

test('finds gin templates and static routes', () => {
  const facts = factsOf({
    'main.go': [
      'package main',
      '',
      'import "github.com/gin-gonic/gin"',
      '',
      'func main() {',
      '\tr := gin.Default()',
      '\tr.LoadHTMLGlob("templates/**/*")',
      '\tr.Static("/assets", "./public")',
      '\tr.StaticFile("/favicon.ico", "./resources/favicon.ico")',
      '\tr.StaticFS("/more", gin.Dir("more", false))',
      '}',
    ].join('\n'),
  });
  assert.equal(
    facts.runtimeFiles.map((r) => [r.pattern, r.via, r.line]),
    [
      ['templates/**/*', 'LoadHTMLGlob', 7],
      ['public', 'Static', 8],
      ['resources/favicon.ico', 'StaticFile', 9],
      ['more', 'gin.Dir', 10],
    ],
  );
});

test('finds relative files read with os and ioutil, and skips absolute and computed paths', () => {
  const facts = factsOf({
    'config.go': [
      'package main',
      '',
      'import (',
      '\t"io/ioutil"',
      '\t"os"',
      ')',
      '',
      'func load(name string) {',
      '\tos.ReadFile("config/app.yaml")',
      '\tos.Open("/etc/app/config.yaml")',
      '\tos.ReadFile("config/" + name)',
      '\tioutil.ReadFile("./keys/public.pem")',
      '\tos.OpenFile("data/app.db", os.O_RDWR, 0o600)',
      '}',
    ].join('\n'),
  });
  assert.equal(
    facts.runtimeFiles.map((r) => [r.pattern, r.via, r.line]),
    [
      ['config/app.yaml', 'os.ReadFile', 9],
      ['keys/public.pem', 'ioutil.ReadFile', 12],
      ['data/app.db', 'os.OpenFile', 13],
    ],
  );
});

test('finds .env loaded by godotenv and config directories added to viper', () => {
  const facts = factsOf({
    'main.go': [
      'package main',
      '',
      'import (',
      '\t"github.com/joho/godotenv"',
      '\t"github.com/spf13/viper"',
      ')',
      '',
      'func main() {',
      '\tgodotenv.Load()',
      '\tgodotenv.Load(".env.local")',
      '\tviper.AddConfigPath("./configs")',
      '\tviper.SetConfigFile("settings/app.toml")',
      '}',
    ].join('\n'),
  });
  assert.equal(
    facts.runtimeFiles.map((r) => [r.pattern, r.via]),
    [
      ['.env', 'godotenv.Load'],
      ['.env.local', 'godotenv.Load'],
      ['configs', 'viper.AddConfigPath'],
      ['settings/app.toml', 'viper.SetConfigFile'],
    ],
  );
});

test('ignores runtime file calls in test files and in comments', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nimport "os"\n\n// os.ReadFile("commented.txt")\nfunc main() {}\n',
    'main_test.go': 'package main\n\nimport "os"\n\nfunc init() { os.ReadFile("testdata/in.txt") }\n',
  });
  assert.equal(facts.runtimeFiles, []);
});

// ── Embeds ──────────────────────────────────────────────────────────────────────────

test('resolves //go:embed patterns against the package directory of a subpackage', () => {
  const facts = factsOf({
    'web/assets.go': [
      'package web',
      '',
      'import "embed"',
      '',
      '//go:embed dist',
      'var Dist embed.FS',
      '',
      '//go:embed "templates/a b.html" all:static/*',
      'var Pages embed.FS',
    ].join('\n'),
    'web/assets_test.go': 'package web\n\n//go:embed testdata/golden.txt\nvar golden string\n',
  });
  assert.equal(facts.embeds, ['web/dist', 'web/templates/a b.html', 'web/static/*']);
});

// ── CA certificates ─────────────────────────────────────────────────────────────────

test('needs CA certificates for an HTTP client call and points at it', () => {
  const facts = factsOf({
    'main.go': [
      'package main',
      '',
      'import "net/http"',
      '',
      'func main() {',
      '\thttp.HandleFunc("/", nil)',
      '\tresp, _ := http.Get(upstream)',
      '\t_ = resp',
      '}',
    ].join('\n'),
  });
  assert.is(facts.needsCaCertificates, true);
  assert.equal(facts.needsCaCertificatesEvidence, { file: 'main.go', line: 7 });
});

test('needs no CA certificates for a plain HTTP server', () => {
  const facts = factsOf({
    'main.go': [
      'package main',
      '',
      'import "net/http"',
      '',
      'func main() {',
      '\t// fetched from https://example.com once',
      '\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})',
      '\thttp.ListenAndServe(":8080", nil)',
      '}',
    ].join('\n'),
  });
  assert.is(facts.needsCaCertificates, false);
  assert.is(facts.needsCaCertificatesEvidence, null);
});

test('needs CA certificates for crypto/tls and for an https:// literal', () => {
  const tls = factsOf({ 'main.go': 'package main\n\nimport (\n\t"crypto/tls"\n)\n\nvar _ tls.Config\n' });
  assert.equal(tls.needsCaCertificatesEvidence, { file: 'main.go', line: 4 });
  const literal = factsOf({ 'main.go': 'package main\n\nconst api = "https://api.example.com"\n' });
  assert.equal(literal.needsCaCertificatesEvidence, { file: 'main.go', line: 3 });
});

test('needs CA certificates when go.mod requires a cloud SDK, with the require line as evidence', () => {
  const facts = factsOf({
    'go.mod':
      'module example.com/app\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n\tgithub.com/aws/aws-sdk-go-v2 v1.25.0\n)\n',
  });
  assert.is(facts.needsCaCertificates, true);
  assert.equal(facts.needsCaCertificatesEvidence, { file: 'go.mod', line: 5 });
});

// ── tzdata ──────────────────────────────────────────────────────────────────────────

test('needs tzdata for time.LoadLocation', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nimport "time"\n\nfunc main() {\n\ttime.LoadLocation("Europe/Berlin")\n}\n',
  });
  assert.is(facts.needsTzdata, true);
  assert.equal(facts.needsTzdataEvidence, { file: 'main.go', line: 6 });
});

test('needs no tzdata when the program imports time/tzdata', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nimport "time"\n\nfunc main() {\n\ttime.LoadLocation("Europe/Berlin")\n}\n',
    'zone.go': 'package main\n\nimport _ "time/tzdata"\n',
  });
  assert.is(facts.needsTzdata, false);
  assert.is(facts.needsTzdataEvidence, null);
});

test('needs no tzdata for time use without LoadLocation', () => {
  const facts = factsOf({ 'main.go': 'package main\n\nimport "time"\n\nfunc main() { time.Sleep(time.Second) }\n' });
  assert.is(facts.needsTzdata, false);
});

// ── Loopback listeners ──────────────────────────────────────────────────────────────

test('reports servers bound to loopback with their address', () => {
  const facts = factsOf({
    'main.go': [
      'package main',
      '',
      'import (',
      '\t"net"',
      '\t"net/http"',
      ')',
      '',
      'func main() {',
      '\tgo http.ListenAndServe("127.0.0.1:8080", nil)',
      '\tln, _ := net.Listen("tcp", "localhost:9090")',
      '\t_ = ln',
      '\tsrv := &http.Server{Handler: nil, Addr: "[::1]:7070"}',
      '\t_ = srv',
      '\thttp.ListenAndServe(":8081", nil)',
      '\thttp.ListenAndServe("0.0.0.0:8082", nil)',
      '}',
    ].join('\n'),
    'gin.go': 'package main\n\nfunc serve(r interface{ Run(...string) error }) {\n\tr.Run("localhost:3000")\n}\n',
  });
  assert.equal(facts.loopbackListeners, [
    { file: 'gin.go', line: 4, address: 'localhost:3000' },
    { file: 'main.go', line: 9, address: '127.0.0.1:8080' },
    { file: 'main.go', line: 10, address: 'localhost:9090' },
    { file: 'main.go', line: 12, address: '[::1]:7070' },
  ]);
});

test('does not report a client that dials localhost', () => {
  const facts = factsOf({
    'main.go': 'package main\n\nimport "net"\n\nfunc main() { net.Dial("tcp", "localhost:6379") }\n',
  });
  assert.equal(facts.loopbackListeners, []);
});

// ── Files, .dockerignore, walk limits ───────────────────────────────────────────────

test('reads the existing .dockerignore text, or null when there is none', () => {
  assert.is(factsOf({ '.dockerignore': '.git\n*.md\n' }).dockerignore, '.git\n*.md\n');
  assert.is(factsOf({ 'main.go': 'package main\n' }).dockerignore, null);
});

test('answers hasFile and hasDir with ./ and trailing / normalised, without entering .git', () => {
  const facts = factsOf({
    'web/static/app.css': '',
    '.git/HEAD': 'ref: refs/heads/main\n',
    'node_modules/left-pad/index.js': '',
  });
  assert.is(facts.hasFile('./web/static/app.css'), true);
  assert.is(facts.hasFile('web/static'), false);
  assert.is(facts.hasDir('./web/static/'), true);
  assert.is(facts.hasDir('web/'), true);
  assert.is(facts.hasDir('.'), true);
  assert.is(facts.hasDir('.git'), true);
  assert.is(facts.hasFile('.git/HEAD'), false);
  assert.is(facts.hasFile('node_modules/left-pad/index.js'), false);
  assert.equal(facts.files, ['web/static/app.css']);
  assert.is(facts.filesTruncated, false);
});

test('does not follow a symlink pointing outside the context', () => {
  const outside = makeContext({
    'secret/native.go': 'package main\n\nimport "C"\n\nfunc main() {}\n',
    'credentials.txt': 'hunter2\n',
  });
  const root = makeContext({ 'main.go': 'package main\n\nfunc main() {}\n', 'real.txt': 'x' });
  fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'linked'));
  fs.symlinkSync(path.join(outside, 'credentials.txt'), path.join(root, 'credentials.txt'));
  fs.symlinkSync('real.txt', path.join(root, 'alias.txt'));
  const facts = factsAt(root);
  assert.is(facts.hasDir('linked'), false);
  assert.is(facts.hasFile('linked/native.go'), false);
  assert.is(facts.hasFile('credentials.txt'), false);
  assert.is(facts.hasFile('alias.txt'), true);
  assert.equal(facts.mainPackages, ['']);
  assert.equal(facts.cgo, { needed: false, reasons: [] });
});

test('does not loop on a symlink to a directory inside the context', () => {
  const root = makeContext({ 'web/index.html': '' });
  fs.symlinkSync('..', path.join(root, 'web', 'up'));
  const facts = factsAt(root);
  assert.is(facts.hasDir('web/up'), true);
  assert.equal(facts.files, ['web/index.html']);
});

test('caps the walk at 20,000 files and says so', () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/big\n');
  fs.mkdirSync(path.join(root, 'data'));
  for (let i = 0; i < 20_000; i++) fs.writeFileSync(path.join(root, 'data', `f${i}.txt`), '');
  const facts = factsAt(root);
  assert.is(facts.files.length, 20_000);
  assert.is(facts.filesTruncated, true);
  assert.is(facts.goMod?.modulePath, 'example.com/big', 'root files come first in a capped walk');
});

test('returns empty facts for a context that does not exist', () => {
  const facts = factsAt(path.join(tempDir(), "missing"));
  assert.equal(facts.files, []);
  assert.is(facts.hasDir(''), false);
  assert.is(facts.goMod, null);
});

test.run();
