import fc from 'fast-check';

/**
 * Small vocabularies, so that generated rules and events meet often: every operator, arrays of objects
 * (array consistency), dotted keys, IP literals and numbers written in several ways.
 */
const STRINGS = ['a', 'b', 'ab', 'A', 'Ab', '', 'x.y', '10.0.0.1', '10.0.1.9', 'abc'];
const NUMBERS = [0, 1, 1.5, 300, -2, 1e21];
const WILDCARDS = ['a*', '*b', 'a*b', '*', '*.*', 'x\\*y'];

const scalar = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(true, false, null),
);

const matcher: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.record({ prefix: fc.constantFrom(...STRINGS) }),
  fc.record({ suffix: fc.constantFrom(...STRINGS) }),
  fc.record({ prefix: fc.record({ 'equals-ignore-case': fc.constantFrom(...STRINGS) }) }),
  fc.record({ suffix: fc.record({ 'equals-ignore-case': fc.constantFrom(...STRINGS) }) }),
  fc.record({ 'equals-ignore-case': fc.constantFrom(...STRINGS) }),
  fc.record({ wildcard: fc.constantFrom(...WILDCARDS) }),
  fc.record({
    'anything-but': fc.oneof(
      fc.constantFrom(...STRINGS),
      fc.array(fc.constantFrom(...STRINGS), { minLength: 1, maxLength: 3 }),
    ),
  }),
  fc.record({
    'anything-but': fc.oneof(
      fc.constantFrom(...NUMBERS),
      fc.array(fc.constantFrom(...NUMBERS), { minLength: 1, maxLength: 3 }),
    ),
  }),
  fc.record({ 'anything-but': fc.record({ prefix: fc.constantFrom('a', 'x', '10.') }) }),
  fc.record({
    'anything-but': fc.record({
      suffix: fc.array(fc.constantFrom('b', 'y'), { minLength: 1, maxLength: 2 }),
    }),
  }),
  fc.record({ 'anything-but': fc.record({ 'equals-ignore-case': fc.constantFrom(...STRINGS) }) }),
  fc.record({ 'anything-but': fc.record({ wildcard: fc.constantFrom(...WILDCARDS) }) }),
  fc.constantFrom(
    { numeric: ['>', 0] },
    { numeric: ['>=', 1, '<', 300] },
    { numeric: ['<=', 1.5] },
    { numeric: ['=', 300] },
  ),
  fc.constantFrom({ exists: true }, { exists: false }, { cidr: '10.0.0.0/24' }, { cidr: '10.0.0.0/16' }),
);

const matcherList = fc.array(matcher, { minLength: 1, maxLength: 3 });

/** Field paths a rule can test, including fields inside an array of objects and a dotted key. */
const FIELDS = [
  'source',
  'detail.a',
  'detail.b',
  'detail.c.d',
  'detail.items.x',
  'detail.items.y',
  'detail.e.f',
];

function nest(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    const parts = path.split('.');
    let node = out;
    parts.slice(0, -1).forEach((p) => {
      node[p] = typeof node[p] === 'object' && node[p] !== null && !Array.isArray(node[p]) ? node[p] : {};
      node = node[p] as Record<string, unknown>;
    });
    node[parts[parts.length - 1] as string] = value;
  }
  return out;
}

/** A pattern without `$or`: 1 to 3 fields, each with a list of matchers. */
export const simplePattern = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 3 })
  .chain((fields) => fc.tuple(...fields.map((f) => matcherList.map((list) => [f, list] as const))))
  .map((entries) => nest(entries));

/** A pattern with an `$or` of two or three alternatives under `detail`. */
export const orPattern = fc
  .tuple(
    fc.option(matcherList, { nil: undefined }),
    fc.array(
      fc
        .uniqueArray(fc.constantFrom('a', 'b', 'c.d'), { minLength: 1, maxLength: 2 })
        .chain((fields) =>
          fc.tuple(...fields.map((f) => matcherList.map((list) => [f, list] as const))).map((e) => nest(e)),
        ),
      { minLength: 2, maxLength: 3 },
    ),
  )
  .map(([source, alternatives]) => ({ ...(source ? { source } : {}), detail: { $or: alternatives } }));

export const pattern = fc.oneof({ arbitrary: simplePattern, weight: 3 }, { arbitrary: orPattern, weight: 1 });

const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));

/** An event that has some of the fields, values of every type, and sometimes an array of objects. */
export const event = fc
  .record(
    {
      source: value,
      a: value,
      b: value,
      d: value,
      items: fc.array(fc.record({ x: value, y: value }, { requiredKeys: [] }), { maxLength: 3 }),
      f: value,
      dotted: fc.boolean(),
    },
    { requiredKeys: ['dotted'] },
  )
  .map(({ source, a, b, d, items, f, dotted }) => {
    const detail: Record<string, unknown> = {};
    if (a !== undefined) detail['a'] = a;
    if (b !== undefined) detail['b'] = b;
    if (d !== undefined) detail['c'] = { d };
    if (items !== undefined) detail['items'] = items;
    if (f !== undefined) {
      if (dotted) detail['e.f'] = f;
      else detail['e'] = { f };
    }
    return { ...(source !== undefined ? { source } : {}), detail };
  });
