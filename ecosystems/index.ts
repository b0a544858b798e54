/**
 * THE list of ecosystems, in detection order. The entry points (src/index.ts, the worker
 * thread) hand it to the core; adding a toolchain is a folder here and one line below.
 */
import type { Ecosystem } from '../src/ecosystem.js';
import { go } from './go/index.js';

export const ecosystems: readonly Ecosystem[] = [
  // Go first: our users' services; a Dockerfile that builds Go and something else is a Go build.
  go,
];
