import { storesOf } from '@paved/adapters';
import { PaymentCaptured, PaymentDeclined } from '@paved/orders-contracts';
import { defineHandler, publish } from '@paved/runtime';
import { chargeKey, type ChargeRecord, paymentCaptured, paymentDeclined, planCharge } from './charge-payment';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/**
 * Records the order's charge in the payment ledger, once per order id, then publishes `PaymentCaptured` or
 * `PaymentDeclined`; an order whose total is wrong fails permanently, recording and publishing nothing.
 *
 * What it publishes, and when: at least once per order, never before the ledger holds the charge, always what the
 * ledger holds.
 * - The charge is recorded first, then published. The event is built from the ledger's record, not from this run's
 *   plan, so every run for an order publishes the same detail (the same `chargeId`, `capturedAt`, `reason`).
 * - It publishes on every run, also when the charge was recorded before: a run that recorded it and then failed to
 *   publish (PutEvents refused, a timeout, a crash) throws, Lambda retries the event, and that retry finds the charge
 *   recorded and must still publish, or the event would never go out at all.
 * - So a run after a successful one (a redelivery, the same order in a new `OrderCreated`) publishes again: a new
 *   event id, the same detail. Consumers key what they do by `orderId` or `chargeId`, never by the event id; and
 *   idempotent publishing can tell the repeat from a new event by its detail.
 */
export const handler = defineHandler(subscription, async (order) => {
  const key = chargeKey(order.orderId);
  const planned = planCharge(order, new Date());
  const { created } = await stores.payments.putJsonIfAbsent(key, planned);
  const charge = created ? planned : await recordedCharge(key);
  if (charge.status === 'captured') await publish(PaymentCaptured, paymentCaptured(charge, order.email));
  else await publish(PaymentDeclined, paymentDeclined(charge, order.email));
  return { key, created, status: charge.status };
});

/** The charge the ledger holds for `key`: a retry publishes what an earlier delivery recorded. */
async function recordedCharge(key: string): Promise<ChargeRecord> {
  const body = await stores.payments.get(key);
  if (body === undefined) {
    // Written by an earlier delivery, and gone now (deleted by hand?): not worth guessing, so Lambda retries the event.
    throw new Error(
      `The payments store refused to write ${key} because it exists, yet reading it found nothing: ` +
        "look at the key's versions in the payments bucket before redriving the event.",
    );
  }
  return JSON.parse(Buffer.from(body).toString('utf8')) as ChargeRecord;
}
