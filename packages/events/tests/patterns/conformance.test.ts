import { InvalidEventPatternError, RuleIndex, testEventPattern, ValidationError } from '../../src';
import { loadCorpus, passTable } from './shared-corpus';

interface PatternCase {
  readonly name: string;
  readonly group: string;
  readonly pattern: unknown;
  readonly patternRaw?: string;
  readonly event: unknown;
  readonly eventRaw?: string;
  readonly expect: boolean | 'error';
  readonly error?: { readonly code: string; readonly message: string; readonly kind?: string };
}

const cases = loadCorpus<PatternCase[]>('patterns.json');
const tally = new Map<string, { passed: number; total: number }>();
for (const c of cases) {
  const row = tally.get(c.group) ?? { passed: 0, total: 0 };
  row.total++;
  tally.set(c.group, row);
}

const patternOf = (c: PatternCase) => c.patternRaw ?? (c.pattern as object);
const eventOf = (c: PatternCase) => c.eventRaw ?? (c.event as object);

afterAll(() => {
  console.log(passTable('AWS pattern conformance (patterns.json)', tally));
});

describe('event patterns conform to AWS (patterns.json)', () => {
  it('loads all 186 recorded cases', () => {
    expect(cases).toHaveLength(186);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.expect === 'error') {
      const error = captureError(() => testEventPattern(patternOf(c), eventOf(c)));
      expect(error).toBeInstanceOf(c.error?.kind === 'event' ? ValidationError : InvalidEventPatternError);
      expect((error as InvalidEventPatternError).code).toBe(c.error?.code);
      expect((error as Error).message).toBe(c.error?.message);
    } else {
      expect(testEventPattern(patternOf(c), eventOf(c))).toBe(c.expect);
      // Through the anchors (scanLimit 0) and by scanning (the default for a single rule).
      for (const index of [new RuleIndex({ scanLimit: 0 }), new RuleIndex()]) {
        index.add('rule', patternOf(c));
        const event = eventOf(c);
        const viaIndex = typeof event === 'string' ? index.matchesJson(event) : index.matches(event);
        expect(viaIndex).toEqual(c.expect ? ['rule'] : []);
      }
    }
    const row = tally.get(c.group);
    if (row) row.passed++;
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}
