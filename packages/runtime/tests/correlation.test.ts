import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createPublisher, defineHandler, getCorrelationId, withCorrelationId } from '../src';
import { OrderCreated, StockReserved } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';
import { answer, eventBridge, PutEventsCommand, sentCalls } from './support/event-bridge';

const publisher = createPublisher({
  client: new EventBridgeClient({ region: 'eu-west-1' }),
  eventBusName: 'orders-bus',
});
const correlationIdsSent = (): string[] =>
  sentCalls()
    .flat()
    .map((entry) => JSON.parse(entry.Detail ?? '')._meta.correlationId as string);

// Publishes from a nested function, after an await, as real handler code would.
async function reserveStock(orderId: string, skus: string[]): Promise<void> {
  await Promise.resolve();
  await publisher.publish(StockReserved, { orderId, skus });
}

const handler = defineHandler(OrderCreated, (order) =>
  reserveStock(
    order.orderId,
    order.items.map((item) => item.sku),
  ),
);

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(answer());
});
afterEach(() => logs.restore());

describe('correlation ids', () => {
  it("are carried from the handled event's _meta to every event published while handling it", async () => {
    await handler(loadEvent('order-created-correlated'), fakeContext());
    expect(correlationIdsSent()).toEqual(['checkout-7f3a']);
  });

  it('say what caused each published event: the handled event and the invocation that handled it', async () => {
    await handler(loadEvent('order-created-correlated'), fakeContext());
    expect(
      sentCalls()
        .flat()
        .map((entry) => JSON.parse(entry.Detail ?? '')._meta),
    ).toEqual([
      {
        correlationId: 'checkout-7f3a',
        causationId: '3b8e6a52-51c4-4f0e-a7d9-0e4f6c2b8a17',
        invocationId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      },
    ]);
  });

  it("start from the handled event's id when it carries none", async () => {
    await handler(loadEvent('order-created'), fakeContext());
    expect(correlationIdsSent()).toEqual(['9f2d4c1e-0b7a-4d3e-8f61-2c5a7e9b1d04']);
  });

  it('stay apart when invocations overlap', async () => {
    await Promise.all([
      handler(loadEvent('order-created'), fakeContext()),
      handler(loadEvent('order-created-correlated'), fakeContext()),
    ]);
    expect(correlationIdsSent().sort()).toEqual(['9f2d4c1e-0b7a-4d3e-8f61-2c5a7e9b1d04', 'checkout-7f3a']);
  });

  it('give way to one passed to publish', async () => {
    await defineHandler(OrderCreated, (order) =>
      publisher.publish(
        StockReserved,
        { orderId: order.orderId, skus: ['SKU-1'] },
        { correlationId: 'explicit' },
      ),
    )(loadEvent('order-created-correlated'), fakeContext());
    expect(correlationIdsSent()).toEqual(['explicit']);
  });

  it('are available to nested code through getCorrelationId, and to code outside handlers through withCorrelationId', async () => {
    let seen: string | undefined;
    await defineHandler(OrderCreated, async () => {
      await Promise.resolve();
      seen = getCorrelationId();
    })(loadEvent('order-created-correlated'), fakeContext());

    expect(seen).toBe('checkout-7f3a');
    expect(getCorrelationId()).toBeUndefined();
    await withCorrelationId('api-request-1', () => reserveStock('o-9', ['SKU-9']));
    expect(correlationIdsSent()).toEqual(['api-request-1']);
  });
});
