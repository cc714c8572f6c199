import { execFileSync } from 'node:child_process';

/** A committed version of a schema file. */
export interface Revision {
  /** The commit, or `working copy` where there is no git history. */
  readonly commit: string;
  /** When it was committed (the committer date). */
  readonly date: Date;
  /** The file's text at that commit. */
  readonly text: string;
}

/** Where committed revisions of a file come from: git, or a fake in tests. */
export interface SchemaHistory {
  /** Every commit that changed `path` (relative to the workspace root), newest first, without their text. */
  commits(path: string): Array<{ readonly commit: string; readonly date: Date }>;
  /** The file's text at a commit; `undefined` if it was deleted there. */
  show(commit: string, path: string): string | undefined;
  /** Whether history is cut short (a shallow clone): older revisions are then not checked. */
  readonly shallow: boolean;
}

/** The git history of the workspace at `root`; `undefined` outside a git repository. */
export function gitHistory(root: string): SchemaHistory | undefined {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    if (git('rev-parse', '--is-inside-work-tree').trim() !== 'true') return undefined;
    git('rev-parse', '--verify', '--quiet', 'HEAD');
  } catch {
    return undefined;
  }
  return {
    shallow: git('rev-parse', '--is-shallow-repository').trim() === 'true',
    commits: (path) =>
      git('log', '--format=%H%x09%cI', '--', path)
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => {
          const [commit, date] = line.split('\t') as [string, string];
          return { commit, date: new Date(date) };
        }),
    show: (commit, path) => {
      try {
        return git('show', `${commit}:${path}`);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The revisions a new schema must stay compatible with, from newest-first `revisions`. Not transitive: the latest
 * committed one. Transitive: every revision that was current at some time in the last `days` days, that is each one
 * committed since then and the one before them, which was current when the window opened. Events published under
 * any of them may still be in the archive and replayed; older ones have aged out of it. A revision's commit date
 * stands for when it was deployed: a day or two of deployment lag is inside any sensible retention.
 */
export function revisionsInWindow<T extends { readonly date: Date }>(
  revisions: readonly T[],
  options: { readonly now: Date; readonly days: number; readonly transitive: boolean },
): T[] {
  if (!options.transitive) return revisions.slice(0, 1);
  const opened = options.now.getTime() - options.days * 86_400_000;
  const kept: T[] = [];
  for (const revision of revisions) {
    kept.push(revision);
    if (revision.date.getTime() < opened) break;
  }
  return kept;
}
