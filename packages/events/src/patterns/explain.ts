import { type Condition } from './compiler';
import { branchHolds, conditionMatchesValue, toEventObject } from './evaluate';
import { flattenEvent, type Occurrence } from './event';
import { JsonNumber } from './numbers';
import { compileValidated } from './validate';

/** One field that keeps an event from matching a pattern. */
export interface PatternMismatch {
  /** Dotted path of the field, such as `detail.total`. */
  readonly path: string;
  /** The pattern's list for the field, as written (`["a", {"prefix": "b"}]`). */
  readonly expected: unknown;
  /** The event's value there: `undefined` when absent, an array when the field has several values. */
  readonly received: unknown;
}

/**
 * Why an event does not match a pattern: the fields that fail, empty when it matches. With `$or`, the
 * alternative that comes closest is explained. Meant for test failures that name what differs.
 * Throws {@link InvalidEventPatternError} for an invalid pattern.
 *
 * @example
 * explainMismatch({ source: ['myapp.orders'], detail: { total: [{ numeric: ['>', 100] }] } }, { source: 'myapp.orders', detail: { total: 5 } });
 * // [{ path: 'detail.total', expected: [{ numeric: ['>', 100] }], received: 5 }]
 */
export function explainMismatch(pattern: string | object, event: object | string): PatternMismatch[] {
  const compiled = compileValidated(pattern);
  const occurrences = flattenEvent(toEventObject(event), compiled.paths);
  let best: PatternMismatch[] | undefined;
  for (const branch of compiled.branches) {
    if (branchHolds(branch, occurrences)) return [];
    const failures = explainBranch(branch, occurrences);
    if (best === undefined || failures.length < best.length) best = failures;
  }
  return best ?? [];
}

function explainBranch(
  branch: readonly Condition[],
  occurrences: ReadonlyMap<string, readonly Occurrence[]>,
): PatternMismatch[] {
  const failing: PatternMismatch[] = [];
  const fromArrays: PatternMismatch[] = [];
  for (const condition of branch) {
    const list = occurrences.get(condition.path) ?? [];
    const mismatch = { path: condition.path, expected: condition.expected, received: received(list) };
    const matching = list.filter((o) => conditionMatchesValue(condition, o.value));
    if (matching.length > 0) {
      if (matching.every((o) => o.membership.length > 0)) fromArrays.push(mismatch);
    } else if (!(condition.absent && list.length === 0)) {
      failing.push(mismatch);
    }
  }
  // Every field matches on its own: the values come from different elements of an array of objects.
  return failing.length > 0 ? failing : fromArrays;
}

function received(list: readonly Occurrence[]): unknown {
  const values = list.map((o) => (o.value instanceof JsonNumber ? Number(o.value.text) : o.value));
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}
