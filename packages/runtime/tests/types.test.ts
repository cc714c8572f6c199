import { type Logger } from '@aws-lambda-powertools/logger';
import { type Context } from 'aws-lambda';
import { S3ObjectCreated } from '@paved/events';
import {
  type ApiLambdaHandler,
  createPublisher,
  defineApiHandler,
  defineHandler,
  type LambdaHandler,
  type PublishResult,
} from '../src';
import { createOrder } from './support/api';
import { OrderCreated, StockReserved } from './support/contracts';

// These checks run in `typecheck`: a wrong inference fails to compile. The test body keeps Jest honest.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(value: T): T => value;

describe('types', () => {
  it('infers the detail, event and result of a handler from its contract and function', () => {
    const handler = defineHandler(OrderCreated, (detail, _handed) => {
      assertType<Equal<typeof detail.items, { sku: string; quantity: number }[]>>(true);
      assertType<Equal<typeof _handed.event.detail, typeof detail>>(true);
      assertType<Equal<(typeof _handed.event)['detail-type'], 'OrderCreated'>>(true);
      assertType<Equal<typeof _handed.context, Context>>(true);
      assertType<Equal<typeof _handed.logger, Logger>>(true);
      assertType<Equal<typeof _handed.correlationId, string>>(true);
      // @ts-expect-error: the contract has no such field
      void detail.customerName;
      return { reserved: detail.items.length };
    });
    assertType<Equal<typeof handler, LambdaHandler<{ reserved: number }>>>(true);
    expect(typeof handler).toBe('function');
  });

  it('accepts only details of the contract when publishing', () => {
    const publisher = createPublisher({ eventBusName: 'orders-bus' });
    const publishing = () => {
      const one: Promise<PublishResult> = publisher.publish(StockReserved, {
        orderId: 'o-1',
        skus: ['SKU-1'],
      });
      const many: Promise<PublishResult> = publisher.publish(StockReserved, [
        { orderId: 'o-1', skus: ['SKU-1'] },
      ]);
      // @ts-expect-error: skus is required
      void publisher.publish(StockReserved, { orderId: 'o-1' });
      // @ts-expect-error: an OrderCreated detail is not a StockReserved one
      void publisher.publish(StockReserved, OrderCreated.examples[0]);
      // @ts-expect-error: an AWS service's event cannot be published
      void publisher.publish(S3ObjectCreated, S3ObjectCreated.examples[0]);
      return [one, many];
    };
    expect(typeof publishing).toBe('function');
  });

  it("types an API function's body from the request schema, and its publish to the declared contracts", () => {
    const handler = defineApiHandler(createOrder, async (order, { publish }) => {
      assertType<Equal<typeof order.customerId, string>>(true);
      // @ts-expect-error: the request has no orderId; the API gives it one
      void order.orderId;
      const published: Promise<PublishResult> = publish(OrderCreated, { orderId: 'o-1', ...order });
      // @ts-expect-error: the API does not declare StockReserved
      void publish(StockReserved, { orderId: 'o-1', skus: ['SKU-1'] });
      return { status: 202, body: { eventIds: (await published).eventIds } };
    });
    assertType<Equal<typeof handler, ApiLambdaHandler>>(true);
    expect(typeof handler).toBe('function');
  });
});
