/** Atomic writes: a temp file in the same directory, flushed, then renamed over the target. */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteHooks {
  /** Called after the temp file is complete and before the rename (tests simulate a crash here). */
  beforeRename?: (tempPath: string) => void;
}

export function writeFileAtomic(target: string, data: string, hooks: AtomicWriteHooks = {}): void {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.dockopt-tmp-${process.pid}-${randomBytes(4).toString('hex')}-${path.basename(target)}`);
  let mode: number | undefined;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    const fd = fs.openSync(temp, 'wx', mode ?? 0o644);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    hooks.beforeRename?.(temp);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
