/**
 * THE ordered pass list. Every ordering constraint is written here with its reason and
 * checked when this module loads, so a reordering that breaks one fails at once.
 */
import type { Pass } from '../src/pass.js';
import { checkPassOrder, type OrderConstraint } from '../src/runner.js';
import dockerignore from './dockerignore.js';
import floatingBaseTag from './floating-base-tag.js';
import loopbackListener from './loopback-listener.js';
import secretsInImage from './secrets-in-image.js';

export const passes: readonly Pass[] = [
  floatingBaseTag as Pass,
  secretsInImage as Pass,
  loopbackListener as Pass,
  dockerignore as Pass,
];

export const orderConstraints: readonly OrderConstraint[] = [
  {
    before: 'secrets-in-image',
    after: 'dockerignore',
    why: 'secret findings point at the original COPY lines; dockerignore only reads the final ones',
  },
];

checkPassOrder(passes, orderConstraints);
