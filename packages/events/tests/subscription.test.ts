import { join } from 'node:path';
import * as z from 'zod';
import { defineEvent, defineSubscription, InvalidSubscriptionError } from '../src';

const ThingHappened = defineEvent({
  source: 'myapp.things',
  detailType: 'ThingHappened',
  detail: z.object({ kind: z.string() }),
  description: 'A thing happened.',
  examples: [{ kind: 'big' }],
});

const base = {
  name: 'watch-things',
  service: 'things',
  contract: ThingHappened,
  entry: join(__dirname, 'handler.ts'),
  description: 'Watches things.',
};

describe('defineSubscription', () => {
  it("fills in AWS's defaults and the contract's pattern", () => {
    expect(defineSubscription(base)).toMatchObject({
      id: 'things-watch-things',
      exportName: 'handler',
      pattern: ThingHappened.pattern,
      timeoutSeconds: 10,
      memorySizeMb: 256,
      retryAttempts: 2,
      maxEventAgeSeconds: 21600,
      deliveryRetryAttempts: 185,
      deliveryMaxEventAgeSeconds: 86400,
      publishes: [],
      stores: [],
      sendsEmail: false,
    });
  });

  it('declares the stores the handler keeps and whether it sends email', () => {
    const subscription = defineSubscription({ ...base, stores: ['stock', 'sale-records'], sendsEmail: true });
    expect(subscription.stores).toEqual(['stock', 'sale-records']);
    expect(subscription.sendsEmail).toBe(true);
    // The store names are literal types, so `storesOf(subscription)` knows them.
    const names: readonly ('stock' | 'sale-records')[] = subscription.stores;
    expect(names).toHaveLength(2);
  });

  it('keeps a pattern that narrows the contract', () => {
    const pattern = { ...ThingHappened.pattern, detail: { kind: ['big'] } };
    expect(defineSubscription({ ...base, pattern }).pattern).toEqual(pattern);
  });

  it("refuses a pattern that drops the contract's detail-type", () => {
    const define = () => defineSubscription({ ...base, pattern: { source: ['myapp.things'] } });
    expect(define).toThrow(InvalidSubscriptionError);
    expect(define).toThrow(
      `Invalid pattern.detail-type undefined for handler things/watch-things: keep the contract's ["ThingHappened"]`,
    );
  });

  it.each([
    [
      { retryAttempts: 3 },
      'Invalid retryAttempts 3 for handler things/watch-things: use a whole number from 0 to 2.',
    ],
    [{ timeoutSeconds: 901 }, 'Invalid timeoutSeconds 901'],
    [{ deliveryRetryAttempts: 186 }, 'Invalid deliveryRetryAttempts 186'],
    [{ name: 'WatchThings' }, 'Invalid name "WatchThings"'],
    [
      { stores: ['Stock'] },
      'Invalid store name "Stock" for handler things/watch-things: use kebab-case, such as "stock".',
    ],
    [
      { stores: ['stock', 'stock'] },
      'Invalid stores ["stock","stock"] for handler things/watch-things: name each store once.',
    ],
    [
      { pattern: ['myapp.things'] as unknown as undefined },
      'Invalid pattern ["myapp.things"] for handler things/watch-things: give an event pattern object',
    ],
  ])('refuses %j', (override, message) => {
    expect(() => defineSubscription({ ...base, ...override })).toThrow(message);
  });
});
