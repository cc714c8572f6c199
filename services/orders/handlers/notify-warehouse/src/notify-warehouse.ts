import { type DetailOf } from '@paved/events';
import { unitCount } from '@paved/orders-contracts';
import { type OrderCreated } from './schema';

/** What the warehouse picks and packs for one order. Prices stay out: the warehouse does not need them. */
export interface PickList {
  readonly orderId: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>;
  readonly totalUnits: number;
}

/** The pick list of an order, lines sorted by SKU (the order pickers walk the shelves in). */
export function buildPickList(order: DetailOf<typeof OrderCreated>): PickList {
  return {
    orderId: order.orderId,
    lines: order.lines
      .map((line) => ({ sku: line.sku, quantity: line.quantity }))
      .sort((a, b) => a.sku.localeCompare(b.sku)),
    totalUnits: unitCount(order.lines),
  };
}

/** One pick list per order id. */
export function pickListKey(orderId: string): string {
  return `pick-lists/${orderId}.json`;
}
