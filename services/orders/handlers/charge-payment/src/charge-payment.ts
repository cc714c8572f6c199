import {
  linesTotalMinor,
  type OrderCreatedDetail,
  type PaymentCapturedDetail,
  type PaymentDeclinedDetail,
  type PaymentDeclineReason,
} from '@paved/orders-contracts';
import { PermanentError } from '@paved/runtime';

/**
 * The most one charge may take, per currency payments are taken in, in minor units. A larger order is declined
 * (sales arrange it by hand), and an order in a currency not listed here is declined as not supported.
 */
export const CHARGE_LIMITS_MINOR: Readonly<Record<string, number>> = Object.freeze({
  EUR: 500_000, // €5,000.00
  GBP: 400_000, // £4,000.00
  USD: 500_000, // $5,000.00
  JPY: 750_000, // ¥750,000
});

/** What the payment ledger keeps for an order it charged. */
export interface CapturedCharge {
  readonly status: 'captured';
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly chargeId: string;
  readonly capturedAt: string;
}

/** What the payment ledger keeps for an order it declined to charge. */
export interface DeclinedCharge {
  readonly status: 'declined';
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly reason: PaymentDeclineReason;
  readonly declinedAt: string;
}

/** What the payment ledger keeps for one order: its charge, captured or declined. One record per order id. */
export type ChargeRecord = CapturedCharge | DeclinedCharge;

/** The order's total disagrees with its lines: charging either amount would be wrong, and retrying won't help. */
export class OrderTotalMismatchError extends PermanentError {
  override readonly name = 'OrderTotalMismatchError';
  override readonly code = 'ORDER_TOTAL_MISMATCH';
}

/** Why the order's payment is declined, or undefined when it may be charged. Depends on the order alone. */
export function declineReason(order: OrderCreatedDetail): PaymentDeclineReason | undefined {
  const limit = CHARGE_LIMITS_MINOR[order.currency];
  if (limit === undefined) return 'currency-not-supported';
  return order.totalMinor > limit ? 'amount-over-limit' : undefined;
}

/**
 * Decides the order's charge as of `now`: captured for its total, or declined (see {@link declineReason}). Refuses
 * an order whose declared total is not the sum of its lines (a producer bug: the event goes to the failure
 * dead-letter queue for someone to look at, rather than charging wrongly).
 */
export function planCharge(order: OrderCreatedDetail, now: Date): ChargeRecord {
  const linesTotal = linesTotalMinor(order.lines);
  if (linesTotal !== order.totalMinor) {
    throw new OrderTotalMismatchError(
      `Order ${order.orderId} declares totalMinor ${order.totalMinor} but its lines sum to ${linesTotal}: ` +
        'not charged. Fix the producer of OrderCreated, then re-publish the order.',
    );
  }
  const charge = {
    orderId: order.orderId,
    customerId: order.customerId,
    currency: order.currency,
    amountMinor: order.totalMinor,
  };
  const reason = declineReason(order);
  return reason === undefined
    ? { status: 'captured', ...charge, chargeId: chargeIdOf(order.orderId), capturedAt: now.toISOString() }
    : { status: 'declined', ...charge, reason, declinedAt: now.toISOString() };
}

/** One charge per order, so the order id names it (and would be the idempotency key at a payment provider). */
export const chargeIdOf = (orderId: string): string => `ch-${orderId}`;

/** One charge per order id, however often the event arrives. */
export const chargeKey = (orderId: string): string => `charges/${orderId}.json`;

/** The `PaymentCaptured` detail of a captured charge, for the customer at `email`. */
export function paymentCaptured(charge: CapturedCharge, email: string): PaymentCapturedDetail {
  const { orderId, customerId, amountMinor, currency, chargeId, capturedAt } = charge;
  return { orderId, customerId, email, amountMinor, currency, chargeId, capturedAt };
}

/** The `PaymentDeclined` detail of a declined charge, for the customer at `email`. */
export function paymentDeclined(charge: DeclinedCharge, email: string): PaymentDeclinedDetail {
  const { orderId, customerId, amountMinor, currency, reason } = charge;
  return { orderId, customerId, email, amountMinor, currency, reason };
}
