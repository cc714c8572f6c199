import { objectStoreFromEnvironment, type ObjectStore } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { buildPickList, pickListKey } from './notify-warehouse';
import { OrderCreated } from './schema';

// Created on first use, so a cold start that fails validation never builds an S3 client.
let store: ObjectStore | undefined;

/** Hands the warehouse the order's pick list, once per order id. */
export const handler = defineHandler(OrderCreated, async (detail, { logger }) => {
  const pickList = buildPickList(detail);
  const key = pickListKey(detail.orderId);
  const { created } = await (store ??= objectStoreFromEnvironment('warehouse')).putIfAbsent(
    key,
    JSON.stringify(pickList),
    'application/json',
  );
  logger.info(
    created ? 'pick list sent to the warehouse' : 'pick list already sent for this order: skipped',
    { key },
  );
  return { created, key, pickList };
});
