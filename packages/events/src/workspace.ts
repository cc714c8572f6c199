import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { WorkspaceNotFoundError } from './errors';

/**
 * The workspace root: the nearest folder at or above `from` that holds `nx.json`. The one finder the CLI, the
 * generators, the test helpers and the benchmarks share.
 *
 * @example
 * const root = findWorkspaceRoot(__dirname);
 */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) {
      throw new WorkspaceNotFoundError(
        `No nx.json in ${from} or any folder above it: run this inside the paved workspace (a clone of the repository).`,
      );
    }
    dir = parent;
  }
  return dir;
}
