import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes `body` at `key` under `dir` unless it exists. Exclusive create (`wx`) makes the check and the write
 * one step, so two deliveries of the same event cannot both write.
 */
export async function writeIfAbsent(dir: string, key: string, body: Uint8Array | string): Promise<boolean> {
  const path = localObjectPath(dir, key);
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, body, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function readIfPresent(dir: string, key: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(localObjectPath(dir, key));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Where a key's object lives under `dir`: the one mapping every local store uses (the outbox, and the local bus's
 * object store that `paved s3 cp` writes and `objectsIn` reads). Keys come from events: never let one climb out of
 * the folder, so empty, `.` and `..` segments are dropped and characters other than letters, digits and `._=@+-`
 * become `_`.
 */
export function localObjectPath(dir: string, key: string): string {
  const cleaned = key
    .split('/')
    .filter((part) => part.length > 0 && part !== '.' && part !== '..')
    .map((part) => part.replace(/[^A-Za-z0-9._=@+-]/g, '_'))
    .join('/');
  return join(dir, cleaned || '_');
}
