import { OrderCreated } from '@paved/orders-contracts';
import { planReservation, reservationKey } from '../src/reserve-stock';

describe('planReservation', () => {
  const order = OrderCreated.examples[0]!;

  it('reserves each SKU of the order with its quantity', () => {
    expect(planReservation(order)).toEqual({
      orderId: 'o-1001',
      items: [
        { sku: 'BOOK-ANALYTICAL-ENGINE', quantity: 1 },
        { sku: 'PEN-FOUNTAIN', quantity: 2 },
      ],
    });
  });

  it('sums lines that name the same SKU', () => {
    const lines = [
      { sku: 'B', quantity: 1, unitPriceMinor: 1 },
      { sku: 'A', quantity: 2, unitPriceMinor: 1 },
      { sku: 'B', quantity: 3, unitPriceMinor: 1 },
    ];
    expect(planReservation({ ...order, lines }).items).toEqual([
      { sku: 'A', quantity: 2 },
      { sku: 'B', quantity: 4 },
    ]);
  });

  it('stores one reservation per order', () => {
    expect(reservationKey('o-1001')).toBe('reservations/o-1001.json');
  });
});
