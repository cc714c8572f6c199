import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type AnyEventContract } from '../contract';
import { acceptsNode } from './accepts';
import { checkCompatibility, type CompatibilityIssue } from './check';
import { type Consumer, consumerProblems, consumersOf } from './consumers';
import { type Revision, revisionsInWindow, type SchemaHistory } from './history';
import { type CompatibilityMode, DEFAULT_COMPATIBILITY_MODE, directionsOf, isTransitive } from './modes';
import { detailSchemaOf, schemaDocument, type SchemaFile, schemaFileOf } from './schema-files';
import { deepEqual, rootNode } from './shapes';

/** A contracts package, as the check sees it. */
export interface ContractsPackage {
  /** The workspace root. */
  readonly root: string;
  /** The package's folder. */
  readonly dir: string;
  /** Its Nx project name, such as `orders-contracts`. */
  readonly project: string;
  /** The service it belongs to, such as `orders` (for `--event orders.OrderCreated`). */
  readonly service: string;
  /** Its exported contracts, by export name. */
  readonly contracts: ReadonlyMap<string, AnyEventContract>;
}

/** What the check needs besides the package: its consumers, git, the clock and the archive's retention. */
export interface CheckContext {
  readonly consumers: readonly Consumer[];
  /** `undefined` without git: the working copy of each schema file is then the only revision. */
  readonly history: SchemaHistory | undefined;
  readonly now: Date;
  readonly retentionDays: number;
}

/** One break: an issue, and the committed revision it breaks against. */
export interface Break {
  readonly revision: Revision;
  readonly issue: CompatibilityIssue;
}

/** Everything the check found for one contract. */
export interface ContractVerdict {
  readonly file: SchemaFile;
  readonly mode: CompatibilityMode;
  /** The committed revisions the code was checked against, newest first. */
  readonly revisions: readonly Revision[];
  readonly breaks: readonly Break[];
  /** The schema file is `missing`, or `differs` from what the code produces (compatibly, else see `breaks`). */
  readonly stale: 'missing' | 'differs' | undefined;
  /** Everything else that fails the check: a version without its detail-type, a consumer's pattern, an example. */
  readonly problems: readonly string[];
  readonly consumers: readonly Consumer[];
}

/** The compatibility mode a contract declares (`defineEvent({ compatibility })`), or the default. */
export function modeOf(contract: AnyEventContract): CompatibilityMode {
  // A contract object made before `compatibility` existed (a stale build) gets the default.
  return contract.compatibility ?? DEFAULT_COMPATIBILITY_MODE;
}

/**
 * Checks every contract of a package: the code's schema against each committed revision its mode requires, the
 * committed file against the code, and each consumer's pattern against the producer's examples.
 */
export function checkPackage(pkg: ContractsPackage, context: CheckContext): ContractVerdict[] {
  const application = [...pkg.contracts].filter(([, contract]) => contract.producer !== 'aws');
  const files = application.map(([name, contract]) => schemaFileOf(name, contract));
  return files.map((file) => {
    const problems = file.problem ? [file.problem] : [];
    const twin = files.find((other) => other !== file && other.path === file.path);
    if (twin) {
      problems.push(
        `${file.exportName} and ${twin.exportName} are both version ${file.version} of ${file.contract.source} ` +
          `${file.family}: give the newer one the next version (npx hygen event version).`,
      );
    }
    const mode = modeOf(file.contract);
    const document = schemaDocument(file.contract);
    const detail = detailSchemaOf(document)!;
    const working = readText(join(pkg.dir, file.path));
    const revisions = baseline(pkg, file, working, mode, context, problems);

    const breaks: Break[] = [];
    for (const revision of revisions) {
      const previous = detailSchemaOf(parse(revision.text));
      if (previous === undefined) {
        problems.push(
          `${file.path} at ${short(revision.commit)} is not a schema document; it cannot be compared.`,
        );
        continue;
      }
      const example = file.contract.examples[0];
      const result = checkCompatibility(previous, detail, { mode, path: 'detail', example });
      breaks.push(...result.issues.map((issue) => ({ revision, issue })));
    }

    const consumers = consumersOf(file.contract, context.consumers);
    // A FORWARD break already says why consumers refuse the new examples; say it once.
    const brokenForward = breaks.some(({ issue }) => issue.direction === 'FORWARD');
    for (const consumer of consumers) {
      problems.push(...consumerProblems(file.contract, consumer, detail, { examples: !brokenForward }));
    }
    if (directionsOf(mode).includes('FORWARD')) {
      problems.push(...examplesRefused(file, revisions, breaks));
    }

    const stale =
      working === undefined ? 'missing' : deepEqual(parse(working), document) ? undefined : 'differs';
    return { file, mode, revisions, breaks, stale, problems, consumers };
  });
}

/** The committed revisions the mode asks for, from git; without git, the working copy stands for them. */
function baseline(
  pkg: ContractsPackage,
  file: SchemaFile,
  working: string | undefined,
  mode: CompatibilityMode,
  context: CheckContext,
  problems: string[],
): Revision[] {
  if (mode === 'NONE') return [];
  const { history } = context;
  if (!history) {
    return working === undefined ? [] : [{ commit: 'working copy', date: context.now, text: working }];
  }
  const path = relative(pkg.root, join(pkg.dir, file.path)).split(sep).join('/');
  const commits = revisionsInWindow(history.commits(path), {
    now: context.now,
    days: context.retentionDays,
    transitive: isTransitive(mode),
  });
  return commits.flatMap((commit) => {
    const text = history.show(commit.commit, path);
    if (text === undefined) return []; // deleted in that commit: nothing was published under it since
    if (parse(text) === undefined) {
      problems.push(`${file.path} at ${short(commit.commit)} is not valid JSON; it cannot be compared.`);
      return [];
    }
    return [{ ...commit, text }];
  });
}

/**
 * The producer's examples refused by a committed revision: consumers deployed from it still run it. Redundant with
 * a FORWARD check that holds, and a concrete witness when that check could not decide.
 */
function examplesRefused(
  file: SchemaFile,
  revisions: readonly Revision[],
  breaks: readonly Break[],
): string[] {
  return revisions.flatMap((revision) => {
    if (breaks.some((each) => each.revision === revision && each.issue.direction === 'FORWARD')) return [];
    const previous = detailSchemaOf(parse(revision.text));
    if (previous === undefined) return [];
    return file.contract.examples.flatMap((example, index) =>
      acceptsNode(rootNode(previous), example)
        ? []
        : [
            `example ${index + 1} of ${file.exportName} is refused by ${file.path} as committed in ` +
              `${short(revision.commit)}, which consumers deployed before this change still run.`,
          ],
    );
  });
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function short(commit: string): string {
  return /^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit;
}
