import { objectStoreFromEnvironment, type ObjectStore } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { chargeKey, planCharge } from './charge-payment';
import { OrderCreated } from './schema';

// Created on first use, so a cold start that fails validation never builds an S3 client.
let store: ObjectStore | undefined;

/** Records the order's charge in the payment ledger, once per order id; an order whose total is wrong fails permanently. */
export const handler = defineHandler(OrderCreated, async (detail, { logger }) => {
  const charge = planCharge(detail);
  const key = chargeKey(detail.orderId);
  const { created } = await (store ??= objectStoreFromEnvironment('payments')).putIfAbsent(
    key,
    JSON.stringify(charge),
    'application/json',
  );
  logger.info(created ? 'charge recorded' : 'charge already recorded for this order: skipped', { key });
  return { created, key, charge };
});
