import { linesTotalMinor, type OrderCreatedDetail } from '@paved/orders-contracts';
import { PermanentError } from '@paved/runtime';

/** The charge for one order: what the payment ledger records. */
export interface Charge {
  readonly orderId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: number;
}

/** The order's total disagrees with its lines: charging either amount would be wrong, and retrying won't help. */
export class OrderTotalMismatchError extends PermanentError {
  override readonly name = 'OrderTotalMismatchError';
  override readonly code = 'ORDER_TOTAL_MISMATCH';
}

/**
 * Plans the charge for an order, refusing one whose declared total is not the sum of its lines (a producer
 * bug: the event goes to the failure dead-letter queue for someone to look at, rather than charging wrongly).
 */
export function planCharge(order: OrderCreatedDetail): Charge {
  const linesTotal = linesTotalMinor(order.lines);
  if (linesTotal !== order.totalMinor) {
    throw new OrderTotalMismatchError(
      `Order ${order.orderId} declares totalMinor ${order.totalMinor} but its lines sum to ${linesTotal}: ` +
        'not charged. Fix the producer of OrderCreated, then re-publish the order.',
    );
  }
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    currency: order.currency,
    amountMinor: order.totalMinor,
  };
}

/** One charge per order id, however often the event arrives. */
export const chargeKey = (orderId: string): string => `charges/${orderId}.json`;
