/** Unified diffs of what dockopt would change, made by the `diff` package. */
import { createTwoFilesPatch } from 'diff';

/**
 * A git-style unified diff of one file. `before === null` is a new file (`--- /dev/null`).
 * Returns '' when nothing changes.
 */
export function unifiedDiff(path: string, before: string | null, after: string): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(before === null ? '/dev/null' : `a/${path}`, `b/${path}`, before ?? '', after, undefined, undefined, {
    context: 3,
  });
  // createTwoFilesPatch opens with an `Index:`-less "===" separator line; drop it so the
  // output reads like `git diff` and applies with `git apply` / `patch -p1`.
  return patch.replace(/^=+\r?\n/, '');
}
