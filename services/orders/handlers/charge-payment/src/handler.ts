import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { chargeKey, planCharge } from './charge-payment';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Records the order's charge in the payment ledger, once per order id; an order whose total is wrong fails permanently. */
export const handler = defineHandler(subscription, async (order) =>
  stores.payments.putJsonIfAbsent(chargeKey(order.orderId), planCharge(order)),
);
