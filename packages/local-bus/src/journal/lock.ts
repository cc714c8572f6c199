import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JournalError } from '../errors';

/** Creates `dir` if needed and takes its `LOCK`, so two buses never write one journal. */
export function lockJournal(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'LOCK');
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new JournalError(
        `The data directory ${dir} is in use by another bus (pid ${pid}). Stop that bus, or start this one with --data-dir <another directory>.`,
      );
    }
  }
  writeFileSync(lockPath, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
