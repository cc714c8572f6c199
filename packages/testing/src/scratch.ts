import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
 * Names the folder {@link createSharedScratch} made (a Jest `globalSetup`), which Jest's workers inherit: each worker
 * keeps one copy in it for all the test files it runs, instead of each file making its own.
 */
export const SHARED_SCRATCH_ENV = 'PAVED_SHARED_SCRATCH';
/** The tag on a copy's first commit: what a shared copy is reset to before the next test file takes it. */
const BASE = 'paved-scratch-base';

/**
 * A copy of this workspace in a temporary folder, as a user's clone would be, committed to a fresh git
 * repository. node_modules is hard-linked (fast, and npm in the copy writes new files rather than editing
 * linked ones); the workspace links inside it are relative, so they point into the copy.
 *
 * When {@link SHARED_SCRATCH_ENV} names a folder (a Jest project whose `globalSetup` is {@link createSharedScratch}),
 * the copy is this Jest worker's in that folder: made on its first use, and reset to its first commit on each later
 * one (the same files, `main` at the same commit), and `remove()` resets it rather than deleting it. A worker runs
 * its test files one at a time, and each worker has its own copy, so no two files ever share one at once.
 */
export function scratchWorkspace(): Scratch {
  const shared = process.env[SHARED_SCRATCH_ENV];
  if (shared) {
    const root = join(shared, `worker-${process.env['JEST_WORKER_ID'] ?? '1'}`);
    if (existsSync(join(root, '.git'))) resetCopy(root);
    else makeCopy(root);
    return handle(root, () => resetCopy(root));
  }
  const root = makeCopy(mkdtempSync(join(tmpdir(), 'paved-scratch-')));
  return handle(root, () => rmSync(root, { recursive: true, force: true }));
}

/**
 * Makes the folder in which {@link scratchWorkspace} keeps one copy per Jest worker, and names it in
 * {@link SHARED_SCRATCH_ENV}: a Jest project's `globalSetup`, with {@link removeSharedScratch} as its
 * `globalTeardown`.
 */
export function createSharedScratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paved-scratches-'));
  process.env[SHARED_SCRATCH_ENV] = dir;
  return dir;
}

/** Deletes the folder {@link createSharedScratch} made, with every copy in it. */
export function removeSharedScratch(): void {
  const dir = process.env[SHARED_SCRATCH_ENV];
  if (!dir) return;
  delete process.env[SHARED_SCRATCH_ENV];
  rmSync(dir, { recursive: true, force: true });
}

function makeCopy(root: string): string {
  const source = findWorkspaceRoot(__dirname);
  mkdirSync(root, { recursive: true });
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
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'scratch copy');
  git(root, 'tag', BASE);
  return root;
}

/**
 * Back to the first commit: `main` there, tracked files as committed, untracked files gone. Ignored files stay
 * (node_modules, with any package a test linked: nothing reads a package no workspace lists).
 */
function resetCopy(root: string): void {
  git(root, 'checkout', '-q', '-f', '-B', 'main', BASE);
  git(root, 'clean', '-fdq');
}

function git(root: string, ...args: string[]): Buffer {
  return execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=CI', ...args], {
    cwd: root,
    stdio: 'pipe',
  });
}

function handle(root: string, remove: () => void): Scratch {
  return {
    root,
    run: (command, args, options = {}) => {
      const inherited = Object.fromEntries(
        Object.entries(process.env).filter(
          ([name]) => !NOT_INHERITED.includes(name) && name !== SHARED_SCRATCH_ENV,
        ),
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
    changes: () => git(root, 'status', '--porcelain').toString().trim(),
    commit: (message) => {
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--allow-empty', '-m', message);
    },
    remove,
  };
}
