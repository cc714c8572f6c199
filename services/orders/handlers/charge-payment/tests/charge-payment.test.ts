import { OrderCreated } from '@paved/orders-contracts';
import { chargeKey, OrderTotalMismatchError, planCharge } from '../src/charge-payment';

describe('planCharge', () => {
  const order = OrderCreated.examples[0]!;

  it("charges the order's total in its currency", () => {
    expect(planCharge(order)).toEqual({
      orderId: 'o-1001',
      customerId: 'c-1001',
      currency: 'EUR',
      amountMinor: 6_000,
    });
  });

  it('refuses an order whose total is not the sum of its lines, as a permanent failure', () => {
    const wrong = { ...order, totalMinor: 5_999 };
    expect(() => planCharge(wrong)).toThrow(OrderTotalMismatchError);
    expect(() => planCharge(wrong)).toThrow('declares totalMinor 5999 but its lines sum to 6000');
  });

  it('charges once per order id', () => {
    expect(chargeKey('o-1001')).toBe('charges/o-1001.json');
  });
});
