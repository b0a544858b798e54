/** `npm run update-readme`: regenerate the README's pass table from the pass metadata. */
import fs from 'node:fs';
import path from 'node:path';
import { passTable } from '../src/explain.js';
import { passes } from '../passes/index.js';
import { ROOT } from './helpers.js';

const file = path.join(ROOT, 'README.md');
const readme = fs.readFileSync(file, 'utf8');
const updated = readme.replace(/(<!-- passes:start -->\n)[\s\S]*?(<!-- passes:end -->)/, `$1${passTable(passes)}$2`);
fs.writeFileSync(file, updated);
