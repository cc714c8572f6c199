import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { saleKey, toSaleRecord } from './record-sale-analytics';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Records the sale in the analytics store, partitioned by day, once per order id. */
export const handler = defineHandler(subscription, async (order) => {
  const sale = toSaleRecord(order);
  return stores.analytics.putJsonIfAbsent(saleKey(sale), sale);
});
