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
 * Names a copy made by {@link createSharedScratch} (a Jest `globalSetup`) that every test file of the run takes in
 * turn, instead of each making its own: Jest's workers inherit it.
 */
export const SHARED_SCRATCH_ENV = 'PAVED_SHARED_SCRATCH';
/** The tag on a copy's first commit: what a shared copy is reset to before the next test file takes it. */
const BASE = 'paved-scratch-base';

/**
 * A copy of this workspace in a temporary folder, as a user's clone would be, committed to a fresh git
 * repository. node_modules is hard-linked (fast, and npm in the copy writes new files rather than editing
 * linked ones); the workspace links inside it are relative, so they point into the copy.
 *
 * When {@link SHARED_SCRATCH_ENV} names a copy (a Jest project whose `globalSetup` is {@link createSharedScratch}),
 * that copy is reset to its first commit and handed out instead: the same files, `main` at the same commit, and
 * `remove()` resets it again rather than deleting it. Test files run one at a time in a Jest worker, so they never
 * share it at once.
 */
export function scratchWorkspace(): Scratch {
  const shared = process.env[SHARED_SCRATCH_ENV];
  if (shared) {
    resetCopy(shared);
    return handle(shared, () => resetCopy(shared));
  }
  const root = makeCopy();
  return handle(root, () => rmSync(root, { recursive: true, force: true }));
}

/**
 * Makes the copy that {@link scratchWorkspace} hands to every test file of a Jest run and names it in
 * {@link SHARED_SCRATCH_ENV}, which Jest's workers inherit: a Jest project's `globalSetup`, with
 * {@link removeSharedScratch} as its `globalTeardown`.
 */
export function createSharedScratch(): string {
  const root = makeCopy();
  process.env[SHARED_SCRATCH_ENV] = root;
  return root;
}

/** Deletes the copy {@link createSharedScratch} made, if any. */
export function removeSharedScratch(): void {
  const root = process.env[SHARED_SCRATCH_ENV];
  if (!root) return;
  delete process.env[SHARED_SCRATCH_ENV];
  rmSync(root, { recursive: true, force: true });
}

function makeCopy(): string {
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
