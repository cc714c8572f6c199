import { type CompatibilityDirection } from './modes';
import { type Break, type ContractsPackage, type ContractVerdict, short } from './package-check';

const WHO: Record<CompatibilityDirection, (days: number) => string> = {
  BACKWARD: (days) =>
    `this code reading events already published (the archive replays up to ${days} days of them)`,
  FORWARD: () => 'consumers still running the committed schema reading what this code publishes',
};

/** The check's findings as the terminal shows them, and whether it failed. */
export function formatVerdicts(
  pkg: ContractsPackage,
  verdicts: readonly ContractVerdict[],
  options: { readonly retentionDays: number; readonly notes: readonly string[] },
): { text: string; failed: boolean } {
  const lines: string[] = [];
  let failed = false;
  const schemasCommand = `npx nx run ${pkg.project}:schemas`;
  for (const verdict of verdicts) {
    const { file, mode, revisions, breaks, stale, problems, consumers } = verdict;
    const name = `${file.exportName} (${file.contract.source} / ${file.contract.detailType}, version ${file.version})`;
    const against =
      revisions.length === 0
        ? 'no committed revision yet'
        : `${file.path} as committed in ${revisions.map((r) => `${short(r.commit)} (${day(r.date)})`).join(', ')}`;
    if (breaks.length > 0) {
      failed = true;
      lines.push(`✖ ${name} breaks its consumers: ${mode} compatibility fails against ${against}`);
      lines.push(...describeBreaks(breaks, revisions.length, options.retentionDays));
      lines.push(
        consumers.length === 0
          ? '  No handler consumes it yet, but the archive still holds events of the committed schema.'
          : `  It breaks ${consumers.length} consumer${consumers.length === 1 ? '' : 's'}: ` +
              consumers.map((c) => `${c.project} (${c.dir})`).join(', '),
        `  Keep ${file.exportName} as it is and make the change in its next version, which consumers move to one at`,
        '  a time while the producer publishes both:',
        `    npx hygen event version --event ${pkg.service}.${file.exportName}`,
      );
    }
    if (stale === 'missing') {
      failed = true;
      lines.push(`✖ ${name}: ${file.path} is missing. Run \`${schemasCommand}\` and commit it.`);
    } else if (stale === 'differs' && breaks.length === 0) {
      failed = true;
      lines.push(
        `✖ ${name}: ${file.path} is out of date (the contract changed, compatibly). ` +
          `Run \`${schemasCommand}\` and commit it.`,
      );
    }
    for (const problem of problems) {
      failed = true;
      lines.push(`✖ ${name}: ${problem}`);
    }
    if (breaks.length === 0 && stale === undefined && problems.length === 0) {
      const checked =
        revisions.length === 0 && mode !== 'NONE'
          ? `new: no committed revision of ${file.path} to stay compatible with yet`
          : `${mode} against ${against}`;
      const matching =
        consumers.length === 0
          ? 'no consumers yet'
          : `${consumers.length} consumer${consumers.length === 1 ? ' whose pattern matches' : 's whose patterns match'} its examples`;
      lines.push(`✔ ${name}: ${checked}; ${matching}`);
    }
  }
  if (verdicts.length === 0) lines.push(`✔ ${pkg.project} declares no event contracts of its own.`);
  return { text: [...lines, ...options.notes.map((note) => `  (${note})`)].join('\n') + '\n', failed };
}

/** The breaks of one contract, by field, each direction once with one counterexample. */
function describeBreaks(breaks: readonly Break[], revisionCount: number, days: number): string[] {
  const lines: string[] = [];
  const paths = [...new Set(breaks.map(({ issue }) => issue.path))];
  for (const path of paths) {
    const here = breaks.filter(({ issue }) => issue.path === path);
    const newest = here[0]!.issue;
    lines.push(`  ${path}: was ${fragment(newest.previous)}, now ${fragment(newest.next)}`);
    for (const direction of ['BACKWARD', 'FORWARD'] as const) {
      const found = here.filter(({ issue }) => issue.direction === direction);
      if (found.length === 0) continue;
      const { issue } = found.find(({ issue: each }) => 'counterexample' in each) ?? found[0]!;
      const which =
        revisionCount > 1
          ? ` against ${[...new Set(found.map(({ revision }) => short(revision.commit)))].join(', ')}`
          : '';
      lines.push(`    breaks ${direction}${which}: ${WHO[direction](days)}`);
      lines.push(`      ${issue.change}${issue.certain ? '' : ' (reported as a break to be safe)'}`);
      if ('counterexample' in issue)
        lines.push(`      for example, detail ${clip(JSON.stringify(issue.counterexample), 400)}`);
    }
  }
  return lines;
}

/** A schema fragment, short: no annotations, no safe-integer bounds (zod's integers carry them). */
function fragment(schema: unknown): string {
  if (schema === undefined) return 'absent';
  const text = JSON.stringify(schema, (key, value: unknown) => {
    if (['description', 'title', 'examples', '$schema'].includes(key)) return undefined;
    if ((key === 'minimum' || key === 'maximum') && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) {
      return undefined;
    }
    return value;
  });
  return clip(text, 160);
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
