/** Config search: the nearest config from a Dockerfile's directory up to the repository root. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigLoader } from '../src/config.js';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockopt-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const loader = (root: string) => new ConfigLoader(root, [{ id: 'split-stages', options: { keep: { type: 'string[]', description: 'kept paths' } } }]);

test('finds a config several directories up, across directories that hold no config file', async () => {
  const root = tree({ '.dockoptrc.json': '{ "runtime": "alpine" }', 'services/team/api/Dockerfile': 'FROM scratch\n' });
  const config = await loader(root).forDirectory(path.join(root, 'services/team/api'));
  assert.is(config.runtime, 'alpine');
  assert.is(path.resolve(config.configPath!), path.join(root, '.dockoptrc.json'));
});

test('a package.json without a "dockopt" key does not hide a config above it', async () => {
  const root = tree({ 'dockopt.config.json': '{ "runtime": "debian" }', 'web/package.json': '{ "name": "web" }' });
  assert.is((await loader(root).forDirectory(path.join(root, 'web'))).runtime, 'debian');
});

test('a package.json "dockopt" key is a config', async () => {
  const root = tree({ '.dockoptrc.json': '{ "runtime": "debian" }', 'web/package.json': '{ "dockopt": { "runtime": "scratch" } }' });
  assert.is((await loader(root).forDirectory(path.join(root, 'web'))).runtime, 'scratch');
});

test('a package.json "dockopt" key spelled with a \\u escape is still a config', async () => {
  const root = tree({ '.dockoptrc.json': '{ "runtime": "debian" }', 'web/package.json': '{ "\\u0064ockopt": { "runtime": "scratch" } }' });
  assert.is((await loader(root).forDirectory(path.join(root, 'web'))).runtime, 'scratch');
});

test('sibling directories get their own nearest config from one loader', async () => {
  const root = tree({ '.dockoptrc.json': '{ "runtime": "alpine" }', 'a/.dockoptrc.yaml': 'runtime: debian\n', 'b/x': '' });
  const shared = loader(root);
  assert.is((await shared.forDirectory(path.join(root, 'a'))).runtime, 'debian');
  assert.is((await shared.forDirectory(path.join(root, 'b'))).runtime, 'alpine');
  assert.is((await shared.forDirectory(root)).runtime, 'alpine');
});

test('no config up to the repository root gives the defaults', async () => {
  const root = tree({ 'svc/go.mod': 'module x\n' });
  const config = await loader(path.join(root, 'svc')).forDirectory(path.join(root, 'svc'));
  assert.is(config.configPath, null);
  assert.is(config.runtime, 'distroless');
});

test.run();
