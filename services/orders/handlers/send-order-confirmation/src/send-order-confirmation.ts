import { type Email } from '@paved/adapters';
import { formatMoney, type OrderCreatedDetail } from '@paved/orders-contracts';

/** The confirmation email of an order: one line per item and the total. One email per order id. */
export function composeOrderConfirmation(order: OrderCreatedDetail): Email {
  const lines = order.lines.map(
    (line) =>
      `  ${line.quantity} × ${line.sku}  ${formatMoney(line.quantity * line.unitPriceMinor, order.currency)}`,
  );
  return {
    to: order.email,
    subject: `Your order ${order.orderId} is confirmed`,
    text: [
      `Thank you for your order ${order.orderId}.`,
      '',
      ...lines,
      '',
      `Total: ${formatMoney(order.totalMinor, order.currency)}`,
      '',
      'We will email you again when it ships.',
    ].join('\n'),
    idempotencyKey: `orders-send-order-confirmation:${order.orderId}`,
  };
}
