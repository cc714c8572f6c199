import * as classic from 'zod';
import * as z from 'zod/mini';
import {
  contractJsonSchema,
  defineEvent,
  type DetailOf,
  EventValidationError,
  type EventOf,
  exampleEvent,
  InvalidContractError,
} from '../src';

const OrderCreatedSchema = z.object({
  orderId: z.string().check(z.minLength(1)),
  totalMinor: z.int().check(z.nonnegative()),
  note: z.optional(z.string()),
});

const OrderCreated = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderCreated',
  detail: OrderCreatedSchema,
  description: 'A customer placed an order.',
  examples: [{ orderId: 'o-1', totalMinor: 4200 }],
});

describe('defineEvent', () => {
  it('derives the rule pattern from source and detail-type', () => {
    expect(OrderCreated.pattern).toEqual({ source: ['myapp.orders'], 'detail-type': ['OrderCreated'] });
    expect(OrderCreated.name).toBe('myapp.orders/OrderCreated');
    expect(OrderCreated.version).toBe(1);
  });

  it('parses a whole EventBridge event into a typed one', () => {
    const event = OrderCreated.parse(exampleEvent(OrderCreated));
    expect(event.detail).toEqual({ orderId: 'o-1', totalMinor: 4200 });
    expect(event['detail-type']).toBe('OrderCreated');
  });

  it('rejects a detail that breaks the schema, naming each field', () => {
    const result = OrderCreated.safeParse(exampleEvent(OrderCreated, { orderId: '', totalMinor: -1 }));
    expect(result.success).toBe(false);
    const error = (result as { error: EventValidationError }).error;
    expect(error).toBeInstanceOf(EventValidationError);
    expect(error.code).toBe('EVENT_VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual(['detail.orderId', 'detail.totalMinor']);
    expect(error.message).toMatch(
      /^Event does not match contract myapp\.orders\/OrderCreated: detail\.orderId: /,
    );
  });

  it('takes a zod classic schema as well, with the same issues and messages', () => {
    const ClassicOrderCreated = defineEvent({
      source: 'myapp.orders',
      detailType: 'OrderCreated',
      detail: classic.object({
        orderId: classic.string().min(1),
        totalMinor: classic.number().int().nonnegative(),
        note: classic.string().optional(),
      }),
      description: 'A customer placed an order.',
      examples: [{ orderId: 'o-1', totalMinor: 4200 }],
    });
    for (const detail of [
      { orderId: '', totalMinor: -1.5, note: 1 },
      { orderId: 'o-1', totalMinor: 1 },
      null,
    ]) {
      expect(ClassicOrderCreated.safeParseDetail(detail)).toEqual(OrderCreated.safeParseDetail(detail));
    }
  });

  it('rejects an event of another source or detail-type, saying what it expected', () => {
    const other = { ...exampleEvent(OrderCreated), source: 'myapp.billing', 'detail-type': 'InvoicePaid' };
    expect(() => OrderCreated.parse(other)).toThrow(
      'source: expected "myapp.orders", received "myapp.billing"',
    );
    expect(() => OrderCreated.parse(other)).toThrow(
      'detail-type: expected "OrderCreated", received "InvoicePaid"',
    );
  });

  it('rejects something that is not an EventBridge event at all', () => {
    expect(() => OrderCreated.parse({ detail: {} })).toThrow(EventValidationError);
    expect(() => OrderCreated.parse('order')).toThrow(/\(event\): /);
  });

  it('ignores the publisher metadata in detail', () => {
    const detail = { orderId: 'o-1', totalMinor: 1, _meta: { correlationId: 'c-1' } };
    expect(OrderCreated.parseDetail(detail)).toEqual({ orderId: 'o-1', totalMinor: 1 });
    const strict = defineEvent({
      source: 'myapp.strict',
      detailType: 'Strict',
      detail: z.strictObject({ id: z.string() }),
      description: 'A strict contract.',
      examples: [{ id: 'x' }],
    });
    expect(strict.parseDetail({ id: 'x', _meta: { correlationId: 'c-1' } })).toEqual({ id: 'x' });
  });

  it.each([
    [{ source: 'aws.orders' }, /reserved for AWS services/],
    [{ source: 'my app' }, /Invalid source "my app"/],
    [{ detailType: '' }, /Invalid detailType ""/],
    [{ version: 0 }, /Invalid version 0/],
    [
      { examples: [{ orderId: '', totalMinor: 1 }] },
      /Example 0 of myapp\.orders\/OrderCreated does not match its own schema/,
    ],
  ])('refuses a contract with %j', (override, message) => {
    const define = () =>
      defineEvent({
        source: 'myapp.orders',
        detailType: 'OrderCreated',
        detail: OrderCreatedSchema,
        description: 'x',
        examples: [{ orderId: 'o-1', totalMinor: 1 }],
        ...override,
      } as Parameters<typeof defineEvent>[0]);
    expect(define).toThrow(InvalidContractError);
    expect(define).toThrow(message);
  });
});

describe('contractJsonSchema', () => {
  it('describes the whole event with the detail from the zod schema', () => {
    const schema = contractJsonSchema(OrderCreated) as {
      $schema: string;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties['source']).toEqual({ type: 'string', const: 'myapp.orders' });
    expect(schema.properties['detail']).toMatchObject({
      type: 'object',
      required: ['orderId', 'totalMinor'],
      properties: { orderId: { type: 'string', minLength: 1 }, totalMinor: { type: 'integer', minimum: 0 } },
    });
  });

  it('writes OpenAPI 3.0 for the schema registry, without $schema and with enums for constants', () => {
    const schema = contractJsonSchema(OrderCreated, { target: 'openapi-3.0' }) as {
      properties: Record<string, unknown>;
    };
    expect(schema).not.toHaveProperty('$schema');
    expect(schema.properties['detail-type']).toEqual({ type: 'string', enum: ['OrderCreated'] });
    expect(JSON.stringify(schema)).not.toContain('"const"');
  });
});

describe('types derived from a contract', () => {
  it('types detail and event from the schema', () => {
    const detail: DetailOf<typeof OrderCreated> = { orderId: 'o-1', totalMinor: 1 };
    const event: EventOf<typeof OrderCreated> = exampleEvent(OrderCreated, detail);
    const detailType: 'OrderCreated' = event['detail-type'];
    expect(detailType).toBe('OrderCreated');
    // @ts-expect-error totalMinor is a number
    const wrong: DetailOf<typeof OrderCreated> = { orderId: 'o-1', totalMinor: '1' };
    expect(wrong).toBeDefined();
  });
});
