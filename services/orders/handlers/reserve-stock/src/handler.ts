import { objectStoreFromEnvironment, type ObjectStore } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { planReservation, reservationKey } from './reserve-stock';
import { OrderCreated } from './schema';

// Created on first use, so a cold start that fails validation never builds an S3 client.
let store: ObjectStore | undefined;

/** Reserves the order's stock, once per order id. */
export const handler = defineHandler(OrderCreated, async (detail, { logger }) => {
  const reservation = planReservation(detail);
  const key = reservationKey(detail.orderId);
  const { created } = await (store ??= objectStoreFromEnvironment('stock')).putIfAbsent(
    key,
    JSON.stringify(reservation),
    'application/json',
  );
  logger.info(created ? 'stock reserved' : 'stock already reserved for this order: skipped', { key });
  return { created, key, reservation };
});
