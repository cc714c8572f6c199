import { OrderCreated, PaymentCaptured, PaymentDeclined } from '@paved/orders-contracts';
import {
  type CapturedCharge,
  CHARGE_LIMITS_MINOR,
  chargeKey,
  declineReason,
  type DeclinedCharge,
  OrderTotalMismatchError,
  paymentCaptured,
  paymentDeclined,
  planCharge,
} from '../src/charge-payment';

const order = OrderCreated.examples[0]!;
const now = new Date('2026-01-01T12:00:03Z');
/** The example order, for `totalMinor` in `currency`, as one line. */
const orderOf = (totalMinor: number, currency = 'EUR') => ({
  ...order,
  currency,
  lines: [{ sku: 'PIANO-GRAND', quantity: 1, unitPriceMinor: totalMinor }],
  totalMinor,
});

describe('planCharge', () => {
  it("captures the order's total in its currency, as of now", () => {
    expect(planCharge(order, now)).toEqual({
      status: 'captured',
      orderId: 'o-1001',
      customerId: 'c-1001',
      currency: 'EUR',
      amountMinor: 6_000,
      chargeId: 'ch-o-1001',
      capturedAt: '2026-01-01T12:00:03.000Z',
    });
  });

  it('declines an order above the limit of its currency, charging nothing', () => {
    expect(planCharge(orderOf(500_001), now)).toEqual({
      status: 'declined',
      orderId: 'o-1001',
      customerId: 'c-1001',
      currency: 'EUR',
      amountMinor: 500_001,
      reason: 'amount-over-limit',
      declinedAt: '2026-01-01T12:00:03.000Z',
    });
  });

  it('refuses an order whose total is not the sum of its lines, as a permanent failure', () => {
    const wrong = { ...order, totalMinor: 5_999 };
    expect(() => planCharge(wrong, now)).toThrow(OrderTotalMismatchError);
    expect(() => planCharge(wrong, now)).toThrow('declares totalMinor 5999 but its lines sum to 6000');
  });

  it('charges once per order id', () => {
    expect(chargeKey('o-1001')).toBe('charges/o-1001.json');
  });
});

describe('declineReason', () => {
  it('takes an order up to the limit of its currency, and declines one a minor unit above', () => {
    for (const [currency, limit] of Object.entries(CHARGE_LIMITS_MINOR)) {
      expect(declineReason(orderOf(limit, currency))).toBeUndefined();
      expect(declineReason(orderOf(limit + 1, currency))).toBe('amount-over-limit');
    }
  });

  it('declines an order in a currency payments are not taken in, whatever its amount', () => {
    expect(declineReason(orderOf(100, 'CHF'))).toBe('currency-not-supported');
  });
});

describe('the events of a charge', () => {
  it('announces a captured charge as a valid PaymentCaptured, to the customer of the order', () => {
    const detail = paymentCaptured(planCharge(order, now) as CapturedCharge, order.email);
    expect(detail).toEqual({
      orderId: 'o-1001',
      customerId: 'c-1001',
      email: 'ada@example.com',
      amountMinor: 6_000,
      currency: 'EUR',
      chargeId: 'ch-o-1001',
      capturedAt: '2026-01-01T12:00:03.000Z',
    });
    expect(PaymentCaptured.safeParseDetail(detail).success).toBe(true);
  });

  it('announces a declined charge as a valid PaymentDeclined, with its reason', () => {
    const detail = paymentDeclined(planCharge(orderOf(100, 'CHF'), now) as DeclinedCharge, order.email);
    expect(detail).toEqual({
      orderId: 'o-1001',
      customerId: 'c-1001',
      email: 'ada@example.com',
      amountMinor: 100,
      currency: 'CHF',
      reason: 'currency-not-supported',
    });
    expect(PaymentDeclined.safeParseDetail(detail).success).toBe(true);
  });
});
