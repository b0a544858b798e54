/**
 * THE ordered pass list. Every ordering constraint is written here with its reason and
 * checked when this module loads, so a reordering that breaks one fails at once.
 */
import type { Pass } from '../src/pass.js';
import { checkPassOrder, type OrderConstraint } from '../src/pipeline/run-passes.js';
import dependencyCache from './dependency-cache.js';
import dockerignore from './dockerignore.js';
import floatingBaseTag from './floating-base-tag.js';
import loopbackListener from './loopback-listener.js';
import nonRootUser from './non-root-user.js';
import runtimeImage from './runtime-image.js';
import secretsInImage from './secrets-in-image.js';
import splitStages from './split-stages.js';
import staticBuild from './static-build.js';

export const passes: readonly Pass[] = [
  floatingBaseTag,
  secretsInImage,
  loopbackListener,
  splitStages,
  dependencyCache,
  staticBuild,
  runtimeImage,
  nonRootUser,
  dockerignore,
] as Pass[];

export const orderConstraints: readonly OrderConstraint[] = [
  {
    before: 'split-stages',
    after: 'static-build',
    why: 'cross-compiling (FROM --platform=$BUILDPLATFORM) is only right for a build stage that is not the image itself, which split-stages creates',
  },
  {
    before: 'split-stages',
    after: 'runtime-image',
    why: 'split-stages chooses the runtime of a stage it creates; runtime-image only slims stages that already existed',
  },
  {
    before: 'split-stages',
    after: 'non-root-user',
    why: 'the USER goes into the runtime stage, which split-stages creates',
  },
  {
    before: 'runtime-image',
    after: 'non-root-user',
    why: 'how the user is made (built-in, adduser, numeric) depends on the runtime image',
  },
  {
    before: 'split-stages',
    after: 'dockerignore',
    why: 'the .dockerignore must keep every file the final COPY instructions read',
  },
];

checkPassOrder(passes, orderConstraints);
