import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { defineSubscription } from '@paved/events';
import { defineHandler, PermanentError } from '../src';
import { OrderCreated } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { useFailureDlq } from './support/failure-dlq';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/warehouse-reserve-stock-failure-dlq';

const subscription = defineSubscription({
  name: 'reserve-stock',
  service: 'warehouse',
  contract: OrderCreated,
  entry: __filename,
  description: 'Reserves stock.',
});

class OrderCancelledError extends PermanentError {
  override readonly name = 'OrderCancelledError';
  override readonly code = 'ORDER_CANCELLED';
}

const { sqs, logs, sent } = useFailureDlq(QUEUE_URL, 'm-1');

describe('a permanent failure goes to the failure DLQ at once', () => {
  it("sends an event that does not match its contract as Lambda's on-failure record, and succeeds", async () => {
    const fn = jest.fn();
    const event = loadEvent('order-created-invalid');
    const context = fakeContext('r-invalid');

    await expect(defineHandler(subscription, fn)(event, context)).resolves.toEqual({
      parked: true,
      errorType: 'InvalidEventError',
      errorCode: 'INVALID_EVENT',
      messageId: 'm-1',
    });

    expect(fn).not.toHaveBeenCalled();
    const [message, ...others] = sent();
    expect(others).toEqual([]);
    expect(message).toEqual({
      queueUrl: QUEUE_URL,
      attributes: {
        PAVED_FAILURE: { DataType: 'String', StringValue: 'permanent' },
        PAVED_ERROR_CODE: { DataType: 'String', StringValue: 'INVALID_EVENT' },
      },
      record: {
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        requestContext: {
          requestId: 'r-invalid',
          functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-reserve-stock:$LATEST',
          condition: 'RetriesExhausted',
          approximateInvokeCount: 1,
        },
        requestPayload: event,
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: {
          errorType: 'InvalidEventError',
          errorMessage: expect.stringContaining('does not match contract paved.test.orders/OrderCreated'),
          trace: expect.arrayContaining([expect.stringMatching(/^InvalidEventError: /)]),
        },
      },
    });
  });

  it('sends a PermanentError after one attempt and keeps no record, so that a redrive runs it again', async () => {
    let attempts = 0;
    const handler = defineHandler(subscription, async (order) => {
      attempts += 1;
      if (attempts === 1) throw new OrderCancelledError(`Order ${order.orderId} was cancelled.`);
      return { reserved: order.orderId };
    });
    const event = loadEvent('order-created');

    await expect(handler(event, fakeContext())).resolves.toMatchObject({
      parked: true,
      errorType: 'OrderCancelledError',
      errorCode: 'ORDER_CANCELLED',
    });
    expect(attempts).toBe(1);
    expect(sent().map(({ attributes }) => attributes?.['PAVED_ERROR_CODE']?.StringValue)).toEqual([
      'ORDER_CANCELLED',
    ]);
    expect(sent()[0]!.record['requestPayload']).toEqual(event);
    expect(
      logs()
        .lines()
        .map((line) => line['message']),
    ).toEqual([
      'Event received',
      'Event failed permanently',
      'Event sent to the failure DLQ without retries',
    ]);

    // Redriven (or delivered again): it runs, because the failed attempt left no COMPLETED record behind.
    await expect(handler({ ...event, 'paved-rerun': 'redrive:m-1' }, fakeContext())).resolves.toEqual({
      reserved: 'o-1001',
    });
    await expect(handler(event, fakeContext())).resolves.toEqual({ reserved: 'o-1001' });
    expect(attempts).toBe(2);
  });

  it('sends a key used by a different event as IdempotencyConflictError', async () => {
    const handler = defineHandler(
      defineSubscription({ ...subscription, idempotency: { key: 'detail.orderId' } }),
      async () => 'reserved',
    );
    await handler(loadEvent('order-created'), fakeContext());
    const other = loadEvent('order-created');
    other['id'] = 'another-event';
    (other['detail'] as { total: number }).total = 1;
    await expect(handler(other, fakeContext())).resolves.toMatchObject({ errorCode: 'IDEMPOTENCY_CONFLICT' });
  });

  it('throws the failure when the failure DLQ refuses it, so that Lambda retries and its destination keeps it', async () => {
    sqs.reset().on(SendMessageCommand).rejects(new Error('AccessDenied'));
    const handler = defineHandler(subscription, async () => {
      throw new OrderCancelledError('Order o-1001 was cancelled.');
    });
    await expect(handler(loadEvent('order-created'), fakeContext())).rejects.toMatchObject({
      name: 'OrderCancelledError',
      code: 'ORDER_CANCELLED',
    });
    expect(logs().lines().at(-1)).toMatchObject({
      level: 'ERROR',
      message: 'Could not send the failure to the failure DLQ: thrown, so Lambda retries the event',
      error: expect.objectContaining({ message: 'AccessDenied' }),
    });
  });

  it('leaves transient failures to Lambda: thrown, nothing sent', async () => {
    const handler = defineHandler(subscription, async () => {
      throw new Error('stock service down');
    });
    await expect(handler(loadEvent('order-created'), fakeContext())).rejects.toMatchObject({
      code: 'HANDLER_FAILED',
    });
    expect(sent()).toEqual([]);
  });
});
