import { randomUUID } from 'node:crypto';
import { linesTotalMinor, type OrderCreatedDetail } from '@paved/orders-contracts';
import { type CreateOrderRequest } from './api';

/** A new order's id: `o-` and a random UUID, unique without asking anyone. */
export function newOrderId(): string {
  return `o-${randomUUID()}`;
}

/**
 * The `OrderCreated` detail of a valid request: the order as the customer placed it, with the id and time the API
 * gives it and its total, the exact sum of its lines in minor units.
 */
export function orderCreated(
  request: CreateOrderRequest,
  { orderId, now }: { readonly orderId: string; readonly now: Date },
): OrderCreatedDetail {
  return {
    orderId,
    customerId: request.customerId,
    email: request.email,
    currency: request.currency,
    lines: request.lines.map(({ sku, quantity, unitPriceMinor }) => ({ sku, quantity, unitPriceMinor })),
    totalMinor: linesTotalMinor(request.lines),
    createdAt: now.toISOString(),
  };
}
