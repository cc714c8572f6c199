import { storesOf } from '@paved/adapters';
import { defineBatchHandler } from '@paved/runtime';
import { buildPickList, pickListKey } from './notify-warehouse';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Hands the warehouse each queued order's pick list, once per order id; a failed one is retried alone. */
export const handler = defineBatchHandler(subscription, async (order) =>
  stores.warehouse.putJsonIfAbsent(pickListKey(order.orderId), buildPickList(order)),
);
