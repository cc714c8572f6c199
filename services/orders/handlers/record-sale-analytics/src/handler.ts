import { objectStoreFromEnvironment, type ObjectStore } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { saleKey, toSaleRecord } from './record-sale-analytics';
import { OrderCreated } from './schema';

// Created on first use, so a cold start that fails validation never builds an S3 client.
let store: ObjectStore | undefined;

/** Records the sale in the analytics store, partitioned by day, once per order id. */
export const handler = defineHandler(OrderCreated, async (detail, { logger }) => {
  const sale = toSaleRecord(detail);
  const key = saleKey(sale);
  const { created } = await (store ??= objectStoreFromEnvironment('analytics')).putIfAbsent(
    key,
    JSON.stringify(sale),
    'application/json',
  );
  logger.info(created ? 'sale recorded' : 'sale already recorded: skipped', { key });
  return { created, key, sale };
});
