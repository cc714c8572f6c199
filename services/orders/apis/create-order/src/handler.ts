import { OrderCreated } from '@paved/orders-contracts';
import { defineApiHandler } from '@paved/runtime';
import { api } from './api';
import { newOrderId, orderCreated } from './create-order';

/**
 * Takes an order: announces it as `OrderCreated` and answers 202 Accepted with its id and the event's id; the
 * handlers of the event do the rest (stock, payment, confirmation, warehouse, analytics). An invalid body is answered
 * 400 with its issues by `defineApiHandler`, and nothing is published.
 */
export const handler = defineApiHandler(api, async (request, { publish, logger }) => {
  const order = orderCreated(request, { orderId: newOrderId(), now: new Date() });
  const { eventIds } = await publish(OrderCreated, order);
  logger.info('Order taken', { orderId: order.orderId, totalMinor: order.totalMinor });
  return { status: 202, body: { orderId: order.orderId, eventId: eventIds[0] } };
});
