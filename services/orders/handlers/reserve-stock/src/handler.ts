import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { planReservation, reservationKey } from './reserve-stock';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Reserves the order's stock, once per order id. */
export const handler = defineHandler(subscription, async (order) =>
  stores.stock.putJsonIfAbsent(reservationKey(order.orderId), planReservation(order)),
);
