import { storesOf } from '@paved/adapters';
import { defineBatchHandler } from '@paved/runtime';
import { saleKey, toSaleRecord } from './record-sale-analytics';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/**
 * Records each sale of a batch from the stream in the analytics store, partitioned by day, once per order id. When
 * one fails, the sales before it stay recorded and the stream retries from it, in order.
 */
export const handler = defineBatchHandler(subscription, async (order) => {
  const sale = toSaleRecord(order);
  return stores.analytics.putJsonIfAbsent(saleKey(sale), sale);
});
