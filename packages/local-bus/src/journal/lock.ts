import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError } from '../errors';

/** Creates `dir` if needed and takes its `LOCK`, so two buses never write one journal. */
export function lockJournal(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'LOCK');
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    // A pid of 0 or less is no process: `process.kill(0, 0)` signals our own process group and would say "alive".
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new JournalError(
        `The data directory ${dir} is in use by another bus (pid ${pid}). Stop that bus, or start this one with --data-dir <another directory>.`,
      );
    }
  }
  // Written aside and renamed into place, so a bus killed mid-write never leaves an empty LOCK behind.
  const written = `${lockPath}.${process.pid}`;
  writeFileSync(written, String(process.pid));
  renameSync(written, lockPath);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
