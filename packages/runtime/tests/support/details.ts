import { type DetailInputOf } from '@paved/events';
import { type DocumentStored, type OrderCreated } from './contracts';

/** A valid OrderCreated detail whose order id is `o-<n>`. */
export function order(n: number): DetailInputOf<typeof OrderCreated> {
  return {
    orderId: `o-${n}`,
    customerId: 'c-42',
    total: 10 + n,
    items: [{ sku: 'SKU-RED-MUG', quantity: 1 }],
  };
}

export function orders(count: number): DetailInputOf<typeof OrderCreated>[] {
  return Array.from({ length: count }, (_, n) => order(n));
}

/** A DocumentStored detail whose body is `bytes` ASCII characters. */
export function document(n: number, bytes: number): DetailInputOf<typeof DocumentStored> {
  return { documentId: `d-${n}`, body: 'x'.repeat(bytes) };
}
