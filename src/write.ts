/** Atomic writes: a temp file in the same directory, flushed, then renamed over the target. */
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteHooks {
  /** Called after the temp file is complete and before the rename (tests simulate a crash here). */
  beforeRename?: (tempPath: string) => void;
}

/** Temp files this process has made: with the pid and the time, a name no other write uses. */
let written = 0;

export function writeFileAtomic(target: string, data: string, hooks: AtomicWriteHooks = {}): void {
  const dir = path.dirname(target);
  // No random bytes: node:crypto takes longer to load than a one-file run takes to write. The
  // temp file is opened exclusively ('wx'), so a clash fails instead of writing over anything.
  const unique = `${process.pid}-${(++written).toString(36)}-${Date.now().toString(36)}`;
  const temp = path.join(dir, `.dockopt-tmp-${unique}-${path.basename(target)}`);
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
