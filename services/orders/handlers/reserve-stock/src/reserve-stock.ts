import { type OrderCreatedDetail } from '@paved/orders-contracts';

/** The stock one order holds back: one quantity per SKU, however many lines name it. */
export interface Reservation {
  readonly orderId: string;
  readonly items: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>;
}

/**
 * Plans the reservation for an order. Lines of the same SKU are summed, and items are sorted, so the same
 * order always yields the same reservation (it is stored once per order id).
 */
export function planReservation(order: OrderCreatedDetail): Reservation {
  const quantities = new Map<string, number>();
  for (const line of order.lines) quantities.set(line.sku, (quantities.get(line.sku) ?? 0) + line.quantity);
  return {
    orderId: order.orderId,
    items: [...quantities]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([sku, quantity]) => ({ sku, quantity })),
  };
}

/** Where the reservation is stored: one object per order, so a redelivered event reserves nothing twice. */
export const reservationKey = (orderId: string): string => `reservations/${orderId}.json`;
