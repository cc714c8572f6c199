import { InvalidEventPatternError, MAX_WILDCARD_COMPLEXITY, validatePattern } from '../../src';

/** The reason AWS would give for a pattern, or `undefined` when it is valid. */
function reason(
  pattern: string | object,
  limits?: Parameters<typeof validatePattern>[1],
): string | undefined {
  try {
    validatePattern(pattern, limits);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    return (error as InvalidEventPatternError).reason;
  }
}

describe('validatePattern', () => {
  it('returns the pattern as a plain object, from an object or from JSON text', () => {
    const pattern = { source: ['shop'], detail: { total: [{ numeric: ['>', 10] }] } };
    expect(validatePattern(pattern)).toEqual(pattern);
    expect(validatePattern(JSON.stringify(pattern))).toEqual(pattern);
  });

  it('throws InvalidEventPatternError with the code, AWS message, pattern and a hint', () => {
    let error: InvalidEventPatternError | undefined;
    try {
      validatePattern({ source: 'shop' });
    } catch (e) {
      error = e as InvalidEventPatternError;
    }
    expect(error?.code).toBe('InvalidEventPatternException');
    expect(error?.message).toBe('Event pattern is not valid. Reason: "source" must be an object or an array');
    expect(error?.pattern).toBe('{"source":"shop"}');
    expect(error?.hint).toContain('["value"]');
  });

  it('resolves duplicate keys as AWS does: the last value wins, objects merge', () => {
    const text = '{"detail": {"a": ["x"], "a": ["y"]}, "detail": {"b": ["z"]}}';
    expect(validatePattern(text)).toEqual({ detail: { a: ['y'], b: ['z'] } });
  });

  it('ignores text after the pattern object, as AWS does', () => {
    expect(validatePattern('{"source": ["a"]} trailing')).toEqual({ source: ['a'] });
  });

  it.each([
    ['{}', 'Empty objects are not allowed'],
    ['{"detail": {}}', 'Empty objects are not allowed'],
    ['', 'Filter is not an object'],
    ['42', 'Filter is not an object'],
    ['{"a": [[1]]}', 'Match value must be String, number, true, false, or null'],
    ['{"a": [{}]}', 'Match expression name not found'],
    ['{"a": [{"prefix": "x", "suffix": "y"}]}', 'Only one key allowed in match expression'],
    ['{"a": [{"exists": "yes"}]}', 'exists match pattern must be either true or false.'],
    ['{"a": [{"exactly": 1}]}', 'exact match pattern must be a string'],
    ['{"a": [{"prefix": {"wildcard": "x"}}]}', 'Unsupported prefix pattern: wildcard'],
    ['{"a": [{"suffix": {"equals-ignore-case": 5}}]}', 'equals-ignore-case match pattern must be a string'],
  ])('rejects %s with "%s"', (pattern, expected) => {
    expect(reason(pattern)).toBe(expected);
  });

  it.each([
    ['["=", "x"]', 'Value of equals must be numeric'],
    ['[5]', 'Invalid member in numeric match: 5'],
    ['[]', 'Invalid member in numeric match: ]'],
    ['["~", 5]', 'Unrecognized numeric range operator: ~'],
    ['["<", 5, ">", 1]', 'Too many elements in numeric expression'],
    ['[">", 5, "<", 5]', 'Bottom must be less than top'],
    ['[">", 9, "<", 5]', 'Bottom must be less than top'],
    ['[">", 1, "<", 5, 6]', 'Too many terms in numeric range expression'],
    ['[">", 1, 5]', 'Bad value in numeric range: 5'],
    ['[">", 1e400]', 'Cannot compare number : 1e400'],
  ])('checks numeric %s: "%s"', (operand, expected) => {
    expect(reason(`{"n": [{"numeric": ${operand}}]}`)).toBe(expected);
  });

  it.each([
    [
      '{"anything-but": []}',
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [
      '{"anything-but": ["a", 1]}',
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    ['{"anything-but": [true]}', 'Inside anything but list, start|null|boolean is not supported.'],
    ['{"anything-but": {"numeric": [">", 1]}}', 'Unsupported anything-but pattern: numeric'],
    ['{"anything-but": {}}', 'Anything-But expression name not found'],
    ['{"anything-but": {"suffix": [".a", ""]}}', 'Null prefix/suffix not allowed'],
    ['{"anything-but": {"wildcard": ["a**"]}}', 'Consecutive wildcard characters at pos 2'],
    ['{"anything-but": "a", "x": 1}', 'Too many elements in numeric expression'],
  ])('checks anything-but %s: "%s"', (expression, expected) => {
    expect(reason(`{"f": [${expression}]}`)).toBe(expected);
  });

  it.each([
    ['10.0.0.0/', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/-1', 'Malformed CIDR, mask bits must not be negative'],
    ['10.0.0.0/32', 'IPv4 mask bits must be < 32'],
    ['::/128', 'IPv6 mask bits must be < 128'],
    ['10.0.0.256/8', 'Invalid IP address: 10.0.0.256'],
  ])('checks cidr %s: "%s"', (cidr, expected) => {
    expect(reason({ ip: [{ cidr }] })).toBe(expected);
  });

  it('reports wildcard escapes and positions in UTF-8 bytes', () => {
    expect(reason({ f: [{ wildcard: 'a\\b' }] })).toBe('Invalid escape character at pos 2');
    expect(reason({ f: [{ wildcard: 'é**' }] })).toBe('Consecutive wildcard characters at pos 3');
    expect(reason({ f: [{ wildcard: 'a\\*b\\\\' }] })).toBeUndefined();
  });

  it(`refuses wildcards whose complexity reaches ${MAX_WILDCARD_COMPLEXITY}, counting every wildcard on the field`, () => {
    const tooComplex =
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';
    expect(
      reason({ key: [{ wildcard: '*/datasync/*.bif' }, { wildcard: '*/datasync/*.tif' }] }),
    ).toBeUndefined();
    expect(
      reason({ key: ['*:stack/a/*', '*:stack/b/*', '*:stack/c/*'].map((wildcard) => ({ wildcard })) }),
    ).toBeUndefined();
    expect(
      reason({
        key: ['*:stack/a/*', '*:stack/b/*', '*:stack/c/*', '*:stack/d/*'].map((wildcard) => ({ wildcard })),
      }),
    ).toBe(tooComplex);
    expect(reason({ arn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] })).toBe(tooComplex);
  });

  it('applies the pattern size quota, 2048 characters unless raised', () => {
    const big = { source: Array.from({ length: 300 }, (_, i) => `source-${i}`) };
    expect(reason(big)).toMatch(/^Event pattern is \d+ characters long; the limit is 2048$/);
    expect(reason(big, { maxLength: 4096 })).toBeUndefined();
  });

  it('limits $or to 1000 combinations', () => {
    const alternatives = (n: number, field: string) =>
      Array.from({ length: n }, (_, i) => ({ [field]: [String(i)] }));
    const pattern = (n: number) => ({ a: { $or: alternatives(n, 'x') }, b: { $or: alternatives(n, 'y') } });
    expect(reason(pattern(30), { maxLength: 100_000 })).toBeUndefined();
    expect(reason(pattern(32), { maxLength: 100_000 })).toBe(
      'The $or combinations of this pattern exceed the limit of 1000',
    );
  });

  it('refuses a malformed $or with JsonRuleCompiler’s reason, never reading $or as a field name', () => {
    // event-ruler's Machine.addRule retries with its legacy compiler; EventBridge does not (or-validation.test.ts).
    expect(reason({ a: ['x'], $or: [{ b: ['1'] }, { b: ['2'], c: { prefix: ['x'] } }] })).toBe(
      'prefix is Ruler reserved fieldName which cannot be used inside $or.',
    );
    expect(reason({ $or: { metricType: ['a'] } })).toBe('It must be an Array followed with $or.');
    expect(reason({ $or: [{ a: ['x'] }, 'b'] })).toBe(
      'Only JSON object is allowed in array of $or relationship.',
    );
  });

  it('gives Jackson’s messages for malformed JSON', () => {
    expect(reason('{"a": ["x"],}')).toBe(
      "Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
    );
    expect(reason('{"a" ["x"]}')).toBe(
      "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value",
    );
    expect(reason('{"a": ["x" "y"]}')).toBe(
      "Unexpected character ('\"' (code 34)): was expecting comma to separate Array entries",
    );
    expect(reason('{"a": [tru]}')).toBe(
      "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    );
    expect(reason('{"a": [01]}')).toBe('Invalid numeric value: Leading zeroes not allowed');
    expect(reason('{"a": ["\\x"]}')).toBe("Unrecognized character escape 'x' (code 120)");
    expect(reason('{"a": ["x"]')).toBe(
      'Unexpected end-of-input: expected close marker for Object (start marker at [Source: (String)"{"a": ["x"]"; line: 1, column: 1])',
    );
    expect(reason('{"a": ["x"]]')).toBe(
      'Unexpected close marker \']\': expected \'}\' (for Object starting at [Source: (String)"{"a": ["x"]]"; line: 1, column: 1])',
    );
  });

  it('reports a bad value inside a field before a later syntax error, as AWS reads the pattern in order', () => {
    expect(reason('{"a": "x", "b": oops}')).toBe('"a" must be an object or an array');
  });
});
