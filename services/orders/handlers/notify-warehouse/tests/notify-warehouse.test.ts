import { OrderCreated } from '@paved/orders-contracts';
import { buildPickList, pickListKey } from '../src/notify-warehouse';

describe('buildPickList', () => {
  const order = OrderCreated.examples[0]!;

  it('lists what to pick, sorted by SKU, without prices', () => {
    expect(buildPickList({ ...order, lines: [...order.lines].reverse() })).toEqual({
      orderId: 'o-1001',
      lines: [
        { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1 },
        { sku: 'PEN-FOUNTAIN', quantity: 2 },
      ],
      totalUnits: 3,
    });
  });

  it('writes one pick list per order', () => {
    expect(pickListKey('o-1001')).toBe('pick-lists/o-1001.json');
  });
});
