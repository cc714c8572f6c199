import { parseWildcard, wildcardComplexity } from '../../src/patterns/wildcard';

/**
 * Expected values from event-ruler's MachineComplexityEvaluatorTest. That test adds patterns without the
 * quotes the rule compiler wraps values in; with them, only a pattern that is a lone `*` counts one more.
 */
const CASES: readonly [readonly string[], number][] = [
  [['abc'], 1],
  [['*aa'], 3],
  [['a*bbb'], 4],
  [['*ab*ad'], 4],
  [['a*b*bb'], 5],
  [['ab*c', 'x*xx'], 3],
  [['a*aaa', 'aa*aa'], 7],
  [['ab*cd', 'ab*wx', 'ab*yz'], 6],
  [['*ab*b*b*'], 7],
  [['*a*a*a*a*a*a*a*a*'], 17],
  [['ab*c', 'ab*c'], 2],
  [['F*eatureFeature', 'Fe*atureFeature', 'Fea*tureFeature'], 10],
];

describe('wildcardComplexity', () => {
  it.each(CASES.map(([patterns, expected]) => [patterns.join(' '), patterns, expected] as const))(
    'gives event-ruler’s complexity for %s',
    (_name, patterns, expected) => {
      const unique = [...new Set(patterns)];
      expect(wildcardComplexity(unique.map(parseWildcard), 100)).toBe(expected);
    },
  );

  it('counts the quotes AWS wraps values in: a lone * matches two prefixes of `"`', () => {
    expect(wildcardComplexity([parseWildcard('*')], 100)).toBe(2);
  });

  it('stops counting at the cap', () => {
    expect(wildcardComplexity([parseWildcard('*a*a*a*a*a*a*a*a*a*a*a*a*')], 10)).toBe(10);
  });
});
