import { OrderCreated } from '@paved/orders-contracts';
import { api, CreateOrderRequestSchema } from '../src/api';
import { newOrderId, orderCreated } from '../src/create-order';

describe('orderCreated', () => {
  const request = CreateOrderRequestSchema.parse(api.examples[0]);
  const now = new Date('2026-03-01T09:30:00.000Z');

  it('announces the order as placed, with the id and time the API gives it and the sum of its lines', () => {
    expect(orderCreated(request, { orderId: 'o-1', now })).toEqual({
      orderId: 'o-1',
      customerId: 'c-1001',
      email: 'ada@example.com',
      currency: 'EUR',
      lines: [
        { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1, unitPriceMinor: 3_500 },
        { sku: 'PEN-FOUNTAIN', quantity: 2, unitPriceMinor: 1_250 },
      ],
      totalMinor: 6_000,
      createdAt: '2026-03-01T09:30:00.000Z',
    });
  });

  it('makes a detail the OrderCreated contract accepts', () => {
    expect(OrderCreated.safeParseDetail(orderCreated(request, { orderId: newOrderId(), now })).success).toBe(
      true,
    );
  });
});

describe('newOrderId', () => {
  it('gives every order its own id', () => {
    const ids = Array.from({ length: 100 }, newOrderId);
    expect(new Set(ids).size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^o-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('CreateOrderRequestSchema', () => {
  const [example] = api.examples;

  it('refuses the fields the API fills in, naming them', () => {
    const result = CreateOrderRequestSchema.safeParse({ ...example, orderId: 'o-mine', totalMinor: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['orderId', 'totalMinor'], path: [] }),
    ]);
  });

  it('refuses an order whose total cannot be counted exactly', () => {
    const lines = [{ sku: 'YACHT', quantity: 1_000_000, unitPriceMinor: Number.MAX_SAFE_INTEGER }];
    const result = CreateOrderRequestSchema.safeParse({ ...example, lines });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['lines'], message: expect.stringMatching(/too large/) }),
    ]);
  });
});
