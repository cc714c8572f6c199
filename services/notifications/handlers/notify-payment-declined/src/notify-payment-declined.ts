import { type Email } from '@paved/adapters';
import { formatMoney, type PaymentDeclinedDetail, type PaymentDeclineReason } from '@paved/orders-contracts';

/** What the customer is told for each reason: why, and what they can do. A new reason is a type error here. */
const EXPLANATIONS: Readonly<
  Record<PaymentDeclineReason, (payment: PaymentDeclinedDetail, amount: string) => readonly string[]>
> = {
  'amount-over-limit': (_payment, amount) => [
    `${amount} is more than we can take in a single payment.`,
    'Reply to this email and we will arrange the payment with you, or place it as smaller orders.',
  ],
  'currency-not-supported': (payment) => [
    `We cannot take payments in ${payment.currency} yet.`,
    'Place the order again in another currency, or reply to this email and we will help.',
  ],
};

/**
 * The notice a customer gets when the payment for their order is declined. One per order: the orders service may
 * publish the decline more than once, each time as a new event, so the order id (not the event id) keys it.
 */
export function composePaymentDeclinedNotice(payment: PaymentDeclinedDetail): Email {
  const amount = formatMoney(payment.amountMinor, payment.currency);
  return {
    to: payment.email,
    subject: `We could not take payment for your order ${payment.orderId}`,
    text: [
      `We did not charge you for your order ${payment.orderId} (${amount}).`,
      '',
      ...EXPLANATIONS[payment.reason](payment, amount),
    ].join('\n'),
    idempotencyKey: `notifications-notify-payment-declined:${payment.orderId}`,
  };
}
