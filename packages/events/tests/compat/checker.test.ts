import * as z from 'zod';
import { checkCompatibility, defineEvent, type JsonSchema } from '../../src';
import { regexWitnesses } from '../../src/compat/regex-witness';

const schema = (zod: z.ZodType): JsonSchema => z.toJSONSchema(zod, { io: 'input', unrepresentable: 'any' });

describe('checkCompatibility', () => {
  it('is transitive only over the revisions it is given: a field removed, then added back with another type', () => {
    const v1 = schema(z.object({ id: z.string(), coupon: z.number().optional() }));
    const v2 = schema(z.object({ id: z.string() }));
    const v3 = schema(z.object({ id: z.string(), coupon: z.string().optional() }));
    expect(checkCompatibility(v1, v2, { mode: 'FULL' }).compatible).toBe(true);
    expect(checkCompatibility(v2, v3, { mode: 'FULL' }).compatible).toBe(true);
    // Events published under v1 may still carry `coupon: 5`: v3's readers refuse them.
    const result = checkCompatibility(v1, v3, { mode: 'FULL', path: 'detail' });
    expect(result.issues).toEqual([
      expect.objectContaining({
        direction: 'BACKWARD',
        path: 'detail.coupon',
        change: 'sent as a number, accepted only as a string',
        counterexample: { id: 'a', coupon: 0 },
        certain: true,
        previous: { type: 'number' },
        next: { type: 'string' },
      }),
      expect.objectContaining({
        direction: 'FORWARD',
        path: 'detail.coupon',
        counterexample: { id: 'a', coupon: 'a' },
      }),
    ]);
  });

  it('checks nothing in mode NONE, and one direction in BACKWARD or FORWARD', () => {
    const before = schema(z.object({ total: z.number() }));
    const after = schema(z.object({ total: z.string() }));
    expect(checkCompatibility(before, after, { mode: 'NONE' })).toEqual({ compatible: true, issues: [] });
    expect(checkCompatibility(before, after, { mode: 'BACKWARD' }).issues.map((i) => i.direction)).toEqual([
      'BACKWARD',
    ]);
    expect(
      checkCompatibility(before, after, { mode: 'FORWARD_TRANSITIVE' }).issues.map((i) => i.direction),
    ).toEqual(['FORWARD']);
  });

  it('compares recursive schemas ($ref) without looping, and finds a change deep inside them', () => {
    const tree = (leaf: z.ZodType) => {
      const node: z.ZodType = z.object({
        value: leaf,
        get children(): z.ZodArray<z.ZodType> {
          return z.array(node);
        },
      });
      return schema(z.object({ tree: node }));
    };
    expect(checkCompatibility(tree(z.number()), tree(z.number())).compatible).toBe(true);
    const result = checkCompatibility(tree(z.number()), tree(z.number().int()), {
      mode: 'BACKWARD',
      path: 'detail',
    });
    // The root's value, and its children's once before the recursion is recognized.
    expect(result.issues.map((issue) => [issue.path, issue.counterexample])).toEqual([
      ['detail.tree.value', { tree: { value: 0.5, children: [] } }],
      ['detail.tree.children[].value', { tree: { value: 0, children: [{ value: 0.5, children: [] }] } }],
    ]);
  });

  it('refuses to guess about a keyword it does not know in the reader, and says so', () => {
    const result = checkCompatibility(
      { type: 'array', items: { type: 'string' } },
      { type: 'array', items: { type: 'string' }, contains: { const: 'x' } },
      { mode: 'BACKWARD', path: 'detail.tags' },
    );
    expect(result.issues).toEqual([
      expect.objectContaining({
        path: 'detail.tags',
        change: "the reader's schema uses contains, which the checker cannot compare",
        certain: false,
      }),
    ]);
  });

  it('names keys that are not identifiers with brackets', () => {
    const result = checkCompatibility(
      schema(z.object({ 'request-id': z.string() })),
      schema(z.object({ 'request-id': z.uuid() })),
      { mode: 'BACKWARD', path: 'detail' },
    );
    expect(result.issues.map((issue) => issue.path)).toEqual(['detail["request-id"]']);
  });

  it("finds every real contract compatible with itself, through zod's formats and patterns", () => {
    const contract = defineEvent({
      source: 'myapp.checker',
      detailType: 'Everything',
      detail: z.object({
        email: z.email(),
        at: z.iso.datetime(),
        id: z.uuid(),
        ip: z.union([z.ipv4(), z.ipv6()]),
        currency: z.string().regex(/^[A-Z]{3}$/),
        lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
        note: z.string().max(200).nullable().optional(),
      }),
      description: 'Everything zod writes.',
      examples: [
        {
          email: 'ada@example.com',
          at: '2026-01-01T00:00:00Z',
          id: '3f1c0f7e-8c5e-4a8f-9a55-2f9a7d2b6c11',
          ip: '192.0.2.1',
          currency: 'EUR',
          lines: [{ sku: 'A', quantity: 1 }],
        },
      ],
    });
    const detail = schema(contract.detailSchema);
    // A copy, not the same object: the comparison must not rely on identity.
    expect(checkCompatibility(detail, structuredClone(detail)).compatible).toBe(true);
  });
});

describe('regexWitnesses', () => {
  it.each([
    ['^[A-Z]{3}$', 'AAA'],
    ['^\\d{4}-\\d{2}$', '0000-00'],
    ['^(?:ab|cd)+x?$', 'ab'],
    [
      "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$",
      'a@a.aa',
    ],
    ['^[^0-9]+$', 'a'],
  ])('makes strings matching %s, first %s', (pattern, first) => {
    const found = regexWitnesses(pattern);
    expect(found[0]).toBe(first);
    for (const text of found) expect(new RegExp(pattern, 'u').test(text)).toBe(true);
  });

  it('gives up on lookarounds and back-references rather than guessing', () => {
    expect(regexWitnesses('^(?=.*\\d)\\w+$')).toEqual([]);
    expect(regexWitnesses('^(a)\\1$')).toEqual([]);
  });
});

describe('defineEvent compatibility', () => {
  const props = {
    source: 'myapp.checker',
    detailType: 'Mode',
    detail: z.object({ id: z.string() }),
    description: 'A mode.',
    examples: [{ id: 'a' }] as [{ id: string }],
  };

  it('defaults to FULL_TRANSITIVE', () => {
    expect(defineEvent(props).compatibility).toBe('FULL_TRANSITIVE');
    expect(defineEvent({ ...props, compatibility: 'BACKWARD' }).compatibility).toBe('BACKWARD');
  });

  it('refuses a mode schema registries do not define, naming the ones they do', () => {
    expect(() => defineEvent({ ...props, compatibility: 'SIDEWAYS' as 'FULL' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONTRACT',
        message: expect.stringContaining(
          'Invalid compatibility "SIDEWAYS" for myapp.checker/Mode: use one of BACKWARD, BACKWARD_TRANSITIVE',
        ),
      }),
    );
  });
});
