import fc from 'fast-check';
import { compilePattern, RuleIndex, validatePattern } from '../../src';
import { event, orPattern, pattern } from './arbitraries';

const valid = <T>(arb: fc.Arbitrary<T>) =>
  arb.filter((p) => {
    try {
      validatePattern(p as object);
      return true;
    } catch {
      return false;
    }
  });

const rules = fc.array(valid(pattern), { minLength: 1, maxLength: 8 });
const RUNS = { numRuns: 300 };

/** What the index must answer: every rule evaluated on its own. */
function expected(patterns: readonly object[], e: object): string[] {
  return patterns.flatMap((p, i) => (compilePattern(p).matches(e) ? [String(i)] : []));
}

/** One event written several ways: compact, with spaces, with line breaks, with every letter a escaped. */
function textsOf(e: object): string[] {
  const compact = JSON.stringify(e);
  const spaced = JSON.stringify(e, null, 1);
  const escaped = compact.replace(/"(?:[^"\\]|\\.)*"/g, (string) => string.replace(/a/g, '\\u0061'));
  return [compact, spaced.replace(/\n/g, ' '), spaced, escaped];
}

const sorted = (ids: string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

// scanLimit 0 sends every event through the anchors; 16 (the default) scans small partitions instead.
describe.each([
  ['through its anchors', 0],
  ['scanning small partitions', 16],
])('RuleIndex (%s)', (_mode, scanLimit) => {
  it('returns exactly the rules that match when each is evaluated alone', () => {
    fc.assert(
      fc.property(rules, fc.array(event, { minLength: 1, maxLength: 5 }), (patterns, events) => {
        const index = new RuleIndex({ scanLimit });
        patterns.forEach((p, i) => index.add(String(i), p));
        for (const e of events) {
          expect(sorted(index.matches(e))).toEqual(expected(patterns, e));
          // As JSON text: read in place when plain, through JSON.parse with spaces, line breaks or escapes.
          const want = expected(patterns, e);
          for (const text of textsOf(e)) expect(sorted(index.matchesJson(text))).toEqual(want);
        }
      }),
      RUNS,
    );
  });

  it('gives the same answers whatever the order of adds and removes', () => {
    const op = fc.oneof(
      fc.record({ add: fc.integer({ min: 0, max: 5 }), pattern: valid(pattern) }),
      fc.record({ remove: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 20 }),
        fc.array(event, { minLength: 1, maxLength: 4 }),
        (ops, events) => {
          const index = new RuleIndex({ scanLimit });
          const live = new Map<string, object>();
          for (const o of ops) {
            if ('add' in o) {
              index.add(String(o.add), o.pattern);
              live.set(String(o.add), o.pattern);
            } else {
              expect(index.remove(String(o.remove))).toBe(live.delete(String(o.remove)));
            }
          }
          expect(index.size).toBe(live.size);
          const fresh = new RuleIndex({ scanLimit });
          for (const [id, p] of live) fresh.add(id, p);
          for (const e of events) {
            const want = [...live].filter(([, p]) => compilePattern(p).matches(e)).map(([id]) => id);
            expect(sorted(index.matches(e))).toEqual(sorted(want));
            expect(sorted(fresh.matches(e))).toEqual(sorted(want));
          }
        },
      ),
      RUNS,
    );
  });
});

/** Matcher lists of an alternative by path (`c.d` for `{ c: { d: [...] } }`). */
function fieldsOf(node: Record<string, unknown>, prefix = ''): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) out.set(prefix + key, value);
    else
      for (const [path, list] of fieldsOf(value as Record<string, unknown>, `${prefix}${key}.`))
        out.set(path, list);
  }
  return out;
}

/**
 * Whether a field has a `cidr` test in one alternative and another test in another. AWS decides how to
 * read a field (IP strings as addresses or as text, numbers as numbers) from all of a rule's tests of it,
 * across `$or` alternatives: such a rule is not the union of its alternatives taken alone (matching.test.ts).
 */
function mixesCidr(alternatives: readonly Record<string, unknown>[]): boolean {
  const kinds = new Map<string, Set<boolean>>();
  for (const alt of alternatives) {
    for (const [path, list] of fieldsOf(alt)) {
      const set = kinds.get(path) ?? new Set<boolean>();
      for (const m of list) set.add(typeof m === 'object' && m !== null && 'cidr' in m);
      kinds.set(path, set);
    }
  }
  return [...kinds.values()].some((set) => set.size > 1);
}

describe('$or', () => {
  it('matches exactly when one of its alternatives, written as a pattern of its own, matches', () => {
    fc.assert(
      fc.property(valid(orPattern), event, (p, e) => {
        const { source, detail } = p as { source?: unknown; detail: { $or: Record<string, unknown>[] } };
        fc.pre(!mixesCidr(detail.$or));
        const alternatives = detail.$or.map((alt) => ({ ...(source ? { source } : {}), detail: alt }));
        const union = alternatives.some((alt) => compilePattern(alt).matches(e));
        expect(compilePattern(p).matches(e)).toBe(union);
      }),
      RUNS,
    );
  });
});
