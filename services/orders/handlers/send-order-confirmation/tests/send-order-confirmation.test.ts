import { OrderCreated } from '@paved/orders-contracts';
import { composeOrderConfirmation } from '../src/send-order-confirmation';

describe('composeOrderConfirmation', () => {
  const order = OrderCreated.examples[0]!;

  it('lists every line and the total, in the order currency', () => {
    const email = composeOrderConfirmation(order);
    expect(email.to).toBe('ada@example.com');
    expect(email.subject).toBe('Your order o-1001 is confirmed');
    expect(email.text).toContain('1 × BOOK-ANALYTICAL-ENGINE  €35.00');
    expect(email.text).toContain('2 × PEN-FOUNTAIN  €25.00');
    expect(email.text).toContain('Total: €60.00');
  });

  it('sends one confirmation per order, however often the event arrives', () => {
    expect(composeOrderConfirmation(order).idempotencyKey).toBe('orders-send-order-confirmation:o-1001');
  });
});
