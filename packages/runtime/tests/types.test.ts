import { type Logger } from '@aws-lambda-powertools/logger';
import { type Context } from 'aws-lambda';
import { createPublisher, defineHandler, type LambdaHandler, type PublishResult } from '../src';
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
      return [one, many];
    };
    expect(typeof publishing).toBe('function');
  });
});
