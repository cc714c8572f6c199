import { type OrderCreatedDetail, unitCount } from '@paved/orders-contracts';

/** What the warehouse picks and packs for one order. Prices stay out: the warehouse does not need them. */
export interface PickList {
  readonly orderId: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>;
  readonly totalUnits: number;
}

/** The pick list of an order, lines sorted by SKU (the order pickers walk the shelves in). */
export function buildPickList(order: OrderCreatedDetail): PickList {
  return {
    orderId: order.orderId,
    lines: order.lines
      .map((line) => ({ sku: line.sku, quantity: line.quantity }))
      .sort((a, b) => a.sku.localeCompare(b.sku)),
    totalUnits: unitCount(order.lines),
  };
}

/** One pick list per order id. */
export const pickListKey = (orderId: string): string => `pick-lists/${orderId}.json`;
