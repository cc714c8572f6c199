import { compilePattern, InvalidEventPatternError, RuleIndex, validatePattern } from '../../src';

/**
 * `$or` as EventBridge reads it: event-ruler's JsonRuleCompiler (`parseIntoOrRelationship`,
 * `parseObjectInsideOrRelationship`), with no retry through the legacy RuleCompiler. The first problem in
 * reading order is the one reported, so a bad member is reported before too few members.
 */

/** The reason AWS would give for a pattern, or `undefined` when it is valid. */
function reason(pattern: string | object): string | undefined {
  try {
    validatePattern(pattern);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    return (error as InvalidEventPatternError).reason;
  }
}

const NOT_AN_ARRAY = 'It must be an Array followed with $or.';
const NOT_AN_OBJECT = 'Only JSON object is allowed in array of $or relationship.';
const TOO_FEW = 'There must have at least 2 Objects in $or relationship.';
const reserved = (name: string) => `${name} is Ruler reserved fieldName which cannot be used inside $or.`;

/** event-ruler's Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP. */
const RESERVED = [
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
];

describe('malformed $or', () => {
  it.each([
    '{"$or": 5}',
    '{"$or": "a"}',
    '{"$or": true}',
    '{"$or": null}',
    '{"$or": {}}',
    '{"$or": {"metricType": ["MetricType"], "namespace": ["AWS/EC2"]}}',
    '{"source": ["aws.cloudwatch"], "$or": {"metricType": ["MetricType"]}}',
    '{"detail": {"$or": {"a": ["x"]}}}',
    '{"$or": [{"a": ["x"]}, {"$or": 1}]}',
  ])('refuses %s: the value of $or is not an array', (pattern) => {
    expect(reason(pattern)).toBe(NOT_AN_ARRAY);
  });

  it.each([
    '{"$or": [1, {"a": ["x"]}]}',
    '{"$or": [{"a": ["x"]}, "b"]}',
    '{"$or": [{"a": ["x"]}, ["b"]]}',
    '{"$or": [{"a": ["x"]}, []]}',
    '{"$or": [null, {"a": ["x"]}]}',
    '{"$or": [{"a": ["x"]}, false]}',
    '{"$or": [{"a": ["x"]}, {"b": ["y"]}, 3]}',
    '{"$or": [true]}',
    '{"$or": [5, {}]}',
    '{"detail": {"$or": [{"source": ["aws.cloudwatch"]}, {"detail-type": ["x"]}, [{"foo": ["wrong"]}]]}}',
  ])('refuses %s: a member of $or is not an object', (pattern) => {
    expect(reason(pattern)).toBe(NOT_AN_OBJECT);
  });

  it.each([
    '{"$or": []}',
    '{"$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}]}',
    '{"detail": {"$or": [{"a": ["x"]}]}}',
    '{"source": ["s"], "$or": [{"a": ["x"]}], "b": ["y"]}',
    '{"$or": [{"a": ["x"]}, {"$or": [{"b": ["y"]}]}]}',
    // Refused at the `]`, before the missing `}` is read.
    '{"$or": [{"a": ["x"]}]',
  ])('refuses %s: $or needs at least two objects', (pattern) => {
    expect(reason(pattern)).toBe(TOO_FEW);
  });

  it.each([
    '{"$or": [{}, {"a": ["x"]}]}',
    '{"$or": [{"a": ["x"]}, {}]}',
    '{"$or": [{}]}',
    '{"$or": [{}, 5]}',
    '{"$or": [{"a": {}}, {"b": ["y"]}]}',
    '{"$or": [{"a": ["x"]}, {"$or": [{}, {"b": ["y"]}]}]}',
  ])('refuses %s: a member of $or is an empty object', (pattern) => {
    expect(reason(pattern)).toBe('Empty objects are not allowed');
  });

  it.each(RESERVED)('refuses the reserved word %s as a field name inside $or', (name) => {
    expect(reason({ $or: [{ [name]: ['x'] }, { b: ['y'] }] })).toBe(reserved(name));
  });

  it.each([
    ['{"detail": {"$or": [{"cidr": "10.0.0.0/24"}]}}', 'cidr'],
    ['{"detail": {"$or": [{"numeric": [">", 0, "<=", 5]}, {"cidr": "10.0.0.0/8"}]}}', 'numeric'],
    ['{"$or": [{"a": ["x"]}, {"b": {"c": {"prefix": ["y"]}}}]}', 'prefix'],
    ['{"$or": [{"a": ["x"]}, {"$or": [{"b": ["y"]}, {"exists": [true]}]}]}', 'exists'],
    // The name is refused before its value is read.
    ['{"$or": [{"anything-but": "x"}, {"b": ["y"]}]}', 'anything-but'],
  ])('refuses %s: an operator written as a field of a $or member', (pattern, name) => {
    expect(reason(pattern)).toBe(reserved(name));
  });

  it.each([
    ['{"$or": [{"a": "x"}, {"b": ["y"]}]}', '"a" must be an object or an array'],
    ['{"$or": [{"a": ["x"]}, {"b": 5}]}', '"b" must be an object or an array'],
    ['{"$or": [{"a": "x"}]}', '"a" must be an object or an array'],
    ['{"$or": [{"a": []}, {"b": ["y"]}]}', 'Empty arrays are not allowed'],
    ['{"$or": [{"a": [{"prefix": 1}]}, {"b": ["y"]}]}', 'prefix match pattern must be a string'],
  ])('checks the fields of each $or member as any other: %s', (pattern, expected) => {
    expect(reason(pattern)).toBe(expected);
  });

  it.each([
    '{"detail": {"x": [{"$or": [{"b": ["y"]}, {"c": ["z"]}]}]}}',
    '{"x": [{"$or": []}]}',
    '{"x": ["a", {"$or": [{"b": ["y"]}, {"c": ["z"]}]}]}',
  ])('refuses %s: $or in a list of matchers is an unknown operator', (pattern) => {
    expect(reason(pattern)).toBe('Unrecognized match type $or');
  });

  it('reads $OR, in another case, as a plain field name', () => {
    expect(reason('{"$OR": [{"a": ["x"]}, {"b": ["y"]}]}')).toBe('Unrecognized match type a');
    expect(validatePattern({ $OR: ['x'] })).toEqual({ $OR: ['x'] });
  });

  it('hints at where $or goes', () => {
    let error: unknown;
    try {
      validatePattern({ x: [{ $or: [{ a: ['1'] }, { b: ['2'] }] }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    expect((error as InvalidEventPatternError).hint).toContain('not in a field');
  });
});

describe('valid $or', () => {
  it.each([
    ['nested in $or', '{"$or": [{"a": ["1"]}, {"$or": [{"b": ["2"]}, {"c": ["3"]}]}]}'],
    ['beside other fields', '{"source": ["s"], "$or": [{"a": ["1"]}, {"b": ["2"]}], "z": ["9"]}'],
    ['at the level of a nested object', '{"detail": {"x": {"$or": [{"b": ["y"]}, {"c": ["z"]}]}}}'],
    ['twice in one object', '{"$or": [{"a": ["1"]}, {"b": ["2"]}], "$or": [{"c": ["3"]}, {"d": ["4"]}]}'],
    [
      'with operator names as fields outside it',
      '{"prefix": ["x"], "a": {"$or": [{"b": ["1"]}, {"c": ["2"]}], "cidr": ["y"]}}',
    ],
    [
      'with members deeper than one level',
      '{"$or": [{"a": {"b": {"c": ["1"]}}}, {"d": [{"exists": false}]}]}',
    ],
  ])('accepts $or %s', (_name, pattern) => {
    expect(reason(pattern)).toBeUndefined();
  });
});

describe('matching $or', () => {
  /** The verdict, checked to be the same by the reference evaluation and by the index. */
  function matches(pattern: string, event: object): boolean {
    const verdict = compilePattern(pattern).matches(event);
    for (const index of [new RuleIndex({ scanLimit: 0 }), new RuleIndex()]) {
      index.add('rule', pattern);
      expect(index.matches(event)).toEqual(verdict ? ['rule'] : []);
    }
    return verdict;
  }

  it('matches any alternative of an $or nested in $or', () => {
    const pattern = '{"$or": [{"a": ["1"]}, {"$or": [{"b": ["2"]}, {"c": ["3"]}]}]}';
    expect(matches(pattern, { a: '1' })).toBe(true);
    expect(matches(pattern, { c: '3' })).toBe(true);
    expect(matches(pattern, { d: '4' })).toBe(false);
  });

  it('requires the fields beside $or as well as one alternative', () => {
    const pattern = '{"source": ["s"], "$or": [{"a": ["1"]}, {"b": ["2"]}]}';
    expect(matches(pattern, { source: 's', b: '2' })).toBe(true);
    expect(matches(pattern, { source: 'x', b: '2' })).toBe(false);
    expect(matches(pattern, { source: 's' })).toBe(false);
  });

  it('reads the alternatives of an $or under a nested object at that object', () => {
    const pattern = '{"detail": {"x": {"$or": [{"b": ["y"]}, {"c": ["z"]}]}}}';
    expect(matches(pattern, { detail: { x: { c: 'z' } } })).toBe(true);
    expect(matches(pattern, { detail: { c: 'z' } })).toBe(false);
  });

  it('combines two $or of one object: one alternative of each must hold', () => {
    const pattern = '{"$or": [{"a": ["1"]}, {"b": ["2"]}], "$or": [{"c": ["3"]}, {"d": ["4"]}]}';
    expect(matches(pattern, { b: '2', c: '3' })).toBe(true);
    expect(matches(pattern, { a: '1' })).toBe(false);
    expect(matches(pattern, { c: '3', d: '4' })).toBe(false);
  });
});
