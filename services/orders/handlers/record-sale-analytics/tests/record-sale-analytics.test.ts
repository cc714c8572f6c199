import { OrderCreated } from '@paved/orders-contracts';
import { saleKey, toSaleRecord } from '../src/record-sale-analytics';

describe('toSaleRecord', () => {
  const order = OrderCreated.examples[0]!;

  it('flattens an order into one sale record', () => {
    expect(toSaleRecord(order)).toEqual({
      orderId: 'o-1001',
      customerId: 'c-1001',
      day: '2026-01-01',
      currency: 'EUR',
      revenueMinor: 6_000,
      units: 3,
      skus: ['BOOK-ANALYTICAL-ENGINE', 'PEN-FOUNTAIN'],
    });
  });

  it('partitions sales by the day the order was created', () => {
    expect(saleKey(toSaleRecord(order))).toBe('sales/day=2026-01-01/o-1001.json');
  });
});
