import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { buildPickList, pickListKey } from './notify-warehouse';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Hands the warehouse the order's pick list, once per order id. */
export const handler = defineHandler(subscription, async (order) =>
  stores.warehouse.putJsonIfAbsent(pickListKey(order.orderId), buildPickList(order)),
);
