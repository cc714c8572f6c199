import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findWorkspaceRoot } from '@paved/events';

export interface Scratch {
  readonly root: string;
  /**
   * Runs a command in the scratch workspace with no terminal (as CI does) and returns what it printed.
   * It is stopped after `timeoutMs` (10 minutes unless given).
   */
  run(
    command: string,
    args: readonly string[],
    options?: { readonly timeoutMs?: number },
  ): { status: number; output: string };
  /** Git's view of what changed since the copy was made, or since the last {@link Scratch.commit}. */
  changes(): string;
  /**
   * Commits everything in the copy, so that {@link Scratch.changes} starts again from here: several tests can share
   * one copy and each still check what it alone wrote. `main` moves too, so `--base=main` sees only later changes.
   */
  commit(message: string): void;
  remove(): void;
}

/** What the copy's commands must not inherit: this run's own timing files (tools/scripts/timed.mjs). */
const NOT_INHERITED = ['NX_PROFILE', 'PAVED_TEST_TIMINGS'];

/**
 * A copy of this workspace in a temporary folder, as a user's clone would be, committed to a fresh git
 * repository. node_modules is hard-linked (fast, and npm in the copy writes new files rather than editing
 * linked ones); the workspace links inside it are relative, so they point into the copy.
 */
export function scratchWorkspace(): Scratch {
  const source = findWorkspaceRoot(__dirname);
  const root = mkdtempSync(join(tmpdir(), 'paved-scratch-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: source,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file.length > 0);
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    try {
      cpSync(join(source, file), join(root, file));
    } catch (error) {
      // A file deleted in the working tree but still tracked: the copy is of what is there.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  execFileSync('cp', ['-al', join(source, 'node_modules'), join(root, 'node_modules')]);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], {
      cwd: root,
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'scratch copy');

  return {
    root,
    run: (command, args, options = {}) => {
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !NOT_INHERITED.includes(name)),
      );
      const result = spawnSync(command, args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...inherited, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NX_TUI: 'false' },
        timeout: options.timeoutMs ?? 600_000,
      });
      return { status: result.status ?? 1, output: `${result.stdout}\n${result.stderr}` };
    },
    changes: () => git('status', '--porcelain').toString().trim(),
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
