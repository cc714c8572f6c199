import Ajv from 'ajv';
import * as z from 'zod';
import { type AnyEventContract, checkCompatibility, contractJsonSchema } from '../../src';

// The change kinds a contract goes through, each with the verdict it must get in each direction. Schemas are
// written in zod and turned into JSON Schema exactly as the committed schema files are (`contractJsonSchema`), so
// the table tests what zod emits. Every counterexample is checked with two real validators: zod's own parse of
// the original schemas, and ajv on zod's draft-7 rendering of them.

type Verdict = 'ok' | 'breaks';

interface Row {
  readonly change: string;
  readonly before: z.ZodObject<z.ZodRawShape>;
  readonly after: z.ZodObject<z.ZodRawShape>;
  readonly backward: Verdict;
  readonly forward: Verdict;
  /** The path every issue names, when the change breaks. */
  readonly path?: string;
  /** A direction the checker cannot decide, where it must say so and still report a break. */
  readonly undecided?: 'BACKWARD' | 'FORWARD';
}

const id = z.string().min(1);
const line = (quantity: z.ZodType) => z.object({ sku: z.string(), quantity });
const card = z.object({ method: z.literal('card'), last4: z.string() });
const transfer = z.object({ method: z.literal('transfer'), iban: z.string() });
const cash = z.object({ method: z.literal('cash') });

const CHANGE_KINDS: readonly Row[] = [
  // fields
  {
    change: 'optional field added',
    before: z.object({ id }),
    after: z.object({ id, note: z.string().optional() }),
    backward: 'ok',
    forward: 'ok',
  },
  {
    change: 'required field added',
    before: z.object({ id }),
    after: z.object({ id, note: z.string() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.note',
  },
  {
    change: 'optional field removed',
    before: z.object({ id, note: z.string().optional() }),
    after: z.object({ id }),
    backward: 'ok',
    forward: 'ok',
  },
  {
    change: 'required field removed',
    before: z.object({ id, note: z.string() }),
    after: z.object({ id }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.note',
  },
  {
    change: 'optional field made required',
    before: z.object({ id, note: z.string().optional() }),
    after: z.object({ id, note: z.string() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.note',
  },
  {
    change: 'required field made optional',
    before: z.object({ id, note: z.string() }),
    after: z.object({ id, note: z.string().optional() }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.note',
  },
  {
    change: 'required field renamed',
    before: z.object({ customerId: id }),
    after: z.object({ clientId: id }),
    backward: 'breaks',
    forward: 'breaks',
  },
  {
    change: 'field with a default added (optional on input)',
    before: z.object({ id }),
    after: z.object({ id, priority: z.number().default(0) }),
    backward: 'ok',
    forward: 'ok',
  },
  {
    change: 'required field given a default (optional on input)',
    before: z.object({ id, priority: z.number() }),
    after: z.object({ id, priority: z.number().default(0) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.priority',
  },
  {
    change: 'description changed only',
    before: z.object({ id: id.describe('The id.') }),
    after: z.object({ id: id.describe('The order id.') }),
    backward: 'ok',
    forward: 'ok',
  },
  // types
  {
    change: 'type narrowed: number to integer',
    before: z.object({ quantity: z.number() }),
    after: z.object({ quantity: z.number().int() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.quantity',
  },
  {
    change: 'type widened: integer to number',
    before: z.object({ quantity: z.number().int() }),
    after: z.object({ quantity: z.number() }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.quantity',
  },
  {
    change: 'type changed: integer to string',
    before: z.object({ totalMinor: z.number().int().nonnegative() }),
    after: z.object({ totalMinor: z.string() }),
    backward: 'breaks',
    forward: 'breaks',
    path: 'detail.totalMinor',
  },
  {
    change: 'type narrowed: string to enum',
    before: z.object({ status: z.string() }),
    after: z.object({ status: z.enum(['placed', 'paid']) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.status',
  },
  {
    change: 'type narrowed: unknown to string',
    before: z.object({ payload: z.unknown() }),
    after: z.object({ payload: z.string() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.payload',
  },
  // enums and constants
  {
    change: 'enum value added',
    before: z.object({ status: z.enum(['placed', 'paid']) }),
    after: z.object({ status: z.enum(['placed', 'paid', 'shipped']) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.status',
  },
  {
    change: 'enum value removed',
    before: z.object({ status: z.enum(['placed', 'paid', 'shipped']) }),
    after: z.object({ status: z.enum(['placed', 'paid']) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.status',
  },
  {
    change: 'const changed',
    before: z.object({ kind: z.literal('order') }),
    after: z.object({ kind: z.literal('purchase') }),
    backward: 'breaks',
    forward: 'breaks',
    path: 'detail.kind',
  },
  {
    change: 'const widened to an enum',
    before: z.object({ kind: z.literal('order') }),
    after: z.object({ kind: z.enum(['order', 'return']) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.kind',
  },
  // unions
  {
    change: 'union widened (anyOf branch added)',
    before: z.object({ ref: z.union([z.string(), z.number()]) }),
    after: z.object({ ref: z.union([z.string(), z.number(), z.boolean()]) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.ref',
  },
  {
    change: 'union narrowed (anyOf branch removed)',
    before: z.object({ ref: z.union([z.string(), z.number()]) }),
    after: z.object({ ref: z.string() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.ref',
  },
  {
    change: 'discriminated union: branch added',
    before: z.object({ payment: z.discriminatedUnion('method', [card, transfer]) }),
    after: z.object({ payment: z.discriminatedUnion('method', [card, transfer, cash]) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.payment.method',
  },
  {
    change: 'discriminated union: branch removed',
    before: z.object({ payment: z.discriminatedUnion('method', [card, transfer, cash]) }),
    after: z.object({ payment: z.discriminatedUnion('method', [card, transfer]) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.payment.method',
  },
  {
    change: "discriminated union: a branch's field narrowed",
    before: z.object({ payment: z.discriminatedUnion('method', [card, transfer]) }),
    after: z.object({
      payment: z.discriminatedUnion('method', [card.extend({ last4: z.string().length(4) }), transfer]),
    }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.payment.last4',
  },
  // null
  {
    change: 'made nullable',
    before: z.object({ note: z.string() }),
    after: z.object({ note: z.string().nullable() }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.note',
  },
  {
    change: 'nullable removed',
    before: z.object({ note: z.string().nullable() }),
    after: z.object({ note: z.string() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.note',
  },
  {
    change: 'nested object made nullable',
    before: z.object({ address: z.object({ city: z.string() }) }),
    after: z.object({ address: z.object({ city: z.string() }).nullable() }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.address',
  },
  // bounds
  {
    change: 'minimum raised (nonnegative to positive)',
    before: z.object({ totalMinor: z.number().int().nonnegative() }),
    after: z.object({ totalMinor: z.number().int().positive() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.totalMinor',
  },
  {
    change: 'minimum lowered',
    before: z.object({ quantity: z.number().int().min(1) }),
    after: z.object({ quantity: z.number().int().min(0) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.quantity',
  },
  {
    change: 'maximum lowered',
    before: z.object({ percent: z.number().max(100) }),
    after: z.object({ percent: z.number().max(50) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.percent',
  },
  {
    change: 'same bound written another way (int > 0 and int >= 1)',
    before: z.object({ quantity: z.number().int().positive() }),
    after: z.object({ quantity: z.number().int().min(1) }),
    backward: 'ok',
    forward: 'ok',
  },
  {
    change: 'multipleOf added',
    before: z.object({ amount: z.number() }),
    after: z.object({ amount: z.number().multipleOf(5) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.amount',
  },
  {
    change: 'minLength raised',
    before: z.object({ name: z.string() }),
    after: z.object({ name: z.string().min(1) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.name',
  },
  {
    change: 'maxLength lowered',
    before: z.object({ name: z.string().max(200) }),
    after: z.object({ name: z.string().max(100) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.name',
  },
  {
    change: 'maxLength raised',
    before: z.object({ name: z.string().max(100) }),
    after: z.object({ name: z.string().max(200) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.name',
  },
  // string formats and patterns
  {
    change: 'string format added (email)',
    before: z.object({ email: z.string() }),
    after: z.object({ email: z.email() }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.email',
  },
  {
    change: 'string format removed (email)',
    before: z.object({ email: z.email() }),
    after: z.object({ email: z.string() }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.email',
  },
  {
    change: 'string format changed (uuid to email)',
    before: z.object({ contact: z.uuid() }),
    after: z.object({ contact: z.email() }),
    backward: 'breaks',
    forward: 'breaks',
    path: 'detail.contact',
  },
  {
    change: 'pattern widened (^[A-Z]{3}$ to ^[A-Z]{3,4}$)',
    before: z.object({ currency: z.string().regex(/^[A-Z]{3}$/) }),
    after: z.object({ currency: z.string().regex(/^[A-Z]{3,4}$/) }),
    // Really compatible backward, but two different patterns cannot be compared: the checker says so and refuses.
    backward: 'breaks',
    forward: 'breaks',
    path: 'detail.currency',
    undecided: 'BACKWARD',
  },
  // additionalProperties
  {
    change: 'optional field added to a strict object',
    before: z.strictObject({ id }),
    after: z.strictObject({ id, note: z.string().optional() }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.note',
  },
  {
    change: 'object made strict',
    before: z.object({ id }),
    after: z.strictObject({ id }),
    backward: 'ok',
    forward: 'ok',
  },
  {
    change: 'loose object (passthrough) made strict',
    before: z.looseObject({ id }),
    after: z.strictObject({ id }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.*',
  },
  {
    change: 'record values narrowed',
    before: z.object({ counts: z.record(z.string(), z.number()) }),
    after: z.object({ counts: z.record(z.string(), z.number().int()) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.counts.*',
  },
  // arrays
  {
    change: "array items' field narrowed",
    before: z.object({ lines: z.array(line(z.number())) }),
    after: z.object({ lines: z.array(line(z.number().int())) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.lines[].quantity',
  },
  {
    change: "array items' type changed",
    before: z.object({ tags: z.array(z.string()) }),
    after: z.object({ tags: z.array(z.number()) }),
    backward: 'breaks',
    forward: 'breaks',
    path: 'detail.tags[]',
  },
  {
    change: 'optional field added to array items',
    before: z.object({ lines: z.array(line(z.number())) }),
    after: z.object({ lines: z.array(line(z.number()).extend({ gift: z.boolean().optional() })) }),
    backward: 'ok',
    forward: 'ok',
  },
  {
    change: 'minItems raised',
    before: z.object({ lines: z.array(z.string()) }),
    after: z.object({ lines: z.array(z.string()).min(1) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.lines',
  },
  {
    change: 'maxItems raised',
    before: z.object({ lines: z.array(z.string()).max(3) }),
    after: z.object({ lines: z.array(z.string()).max(5) }),
    backward: 'ok',
    forward: 'breaks',
    path: 'detail.lines',
  },
  {
    change: 'tuple position type changed',
    before: z.object({ pair: z.tuple([z.string(), z.number()]) }),
    after: z.object({ pair: z.tuple([z.string(), z.string()]) }),
    backward: 'breaks',
    forward: 'breaks',
    path: 'detail.pair[1]',
  },
  // nested objects
  {
    change: 'nested object: required field added',
    before: z.object({ address: z.object({ street: z.string() }) }),
    after: z.object({ address: z.object({ street: z.string(), zip: z.string() }) }),
    backward: 'breaks',
    forward: 'ok',
    path: 'detail.address.zip',
  },
  {
    change: 'nested object: optional field added',
    before: z.object({ address: z.object({ street: z.string() }) }),
    after: z.object({ address: z.object({ street: z.string(), zip: z.string().optional() }) }),
    backward: 'ok',
    forward: 'ok',
  },
];

/** The detail's JSON Schema as the committed file holds it. */
function detailSchema(schema: z.ZodObject<z.ZodRawShape>): Record<string, unknown> {
  const contract = {
    source: 'myapp.table',
    detailType: 'Row',
    description: 'A row of the table.',
    detailSchema: schema,
  } as unknown as AnyEventContract;
  return (contractJsonSchema(contract) as { properties: { detail: Record<string, unknown> } }).properties
    .detail;
}

const ajv = new Ajv({ unknownFormats: 'ignore', format: 'full' });
const ajvAccepts = (schema: z.ZodType, value: unknown) =>
  ajv.validate(z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }), value);

describe.each(CHANGE_KINDS)('$change', (row) => {
  const previous = detailSchema(row.before);
  const next = detailSchema(row.after);

  it.each([
    ['BACKWARD', row.backward, row.before, row.after],
    ['FORWARD', row.forward, row.after, row.before],
  ] as const)('%s: %s', (mode, verdict, writer, reader) => {
    const result = checkCompatibility(previous, next, { mode, path: 'detail' });
    expect(result.compatible).toBe(verdict === 'ok');
    if (verdict === 'ok') return;
    if (row.path) expect(result.issues.map((issue) => issue.path)).toContain(row.path);
    for (const issue of result.issues) {
      expect(issue.direction).toBe(mode);
      expect(issue.change.length).toBeGreaterThan(0);
      if (row.undecided === mode) {
        expect(issue.certain).toBe(false);
        expect(issue.change).toContain('cannot prove');
        continue;
      }
      // Every certain issue shows an instance the writer sends and the reader refuses, by both validators.
      expect(issue).toHaveProperty('counterexample');
      const value = issue.counterexample;
      expect({ value, zodWriter: writer.safeParse(value).success }).toEqual({ value, zodWriter: true });
      expect({ value, zodReader: reader.safeParse(value).success }).toEqual({ value, zodReader: false });
      expect({ value, ajvWriter: ajvAccepts(writer, value) }).toEqual({ value, ajvWriter: true });
      expect({ value, ajvReader: ajvAccepts(reader, value) }).toEqual({ value, ajvReader: false });
    }
  });

  it(`FULL: ${row.backward === 'ok' && row.forward === 'ok' ? 'ok' : 'breaks'}`, () => {
    const result = checkCompatibility(previous, next, { mode: 'FULL', path: 'detail' });
    expect(result.compatible).toBe(row.backward === 'ok' && row.forward === 'ok');
    const directions = new Set(result.issues.map((issue) => issue.direction));
    expect(directions.has('BACKWARD')).toBe(row.backward === 'breaks');
    expect(directions.has('FORWARD')).toBe(row.forward === 'breaks');
  });
});
