import { EventBridgeClient, EventBridgeServiceException } from '@aws-sdk/client-eventbridge';
import { createPublisher, PublishError, type PublisherOptions } from '../src';
import { OrderCreated } from './support/contracts';
import { orders } from './support/details';
import {
  answer,
  eventBridge,
  failOrders,
  PutEventsCommand,
  sentCalls,
  sentOrderIds,
} from './support/event-bridge';

const client = new EventBridgeClient({ region: 'eu-west-1' });
const sleep = jest.fn(async (_ms: number) => undefined);

function publisher(options: Partial<PublisherOptions> = {}) {
  return createPublisher({ client, eventBusName: 'orders-bus', sleep, random: () => 0.5, ...options });
}

function serviceError(name: string, httpStatusCode: number): EventBridgeServiceException {
  return new EventBridgeServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
    message: `${name} (HTTP ${httpStatusCode})`,
  });
}

async function publishError(promise: Promise<unknown>): Promise<PublishError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  return error as PublishError;
}

beforeEach(() => {
  eventBridge.reset();
  sleep.mockClear();
});

describe('entries that fail in a partial failure', () => {
  it('resends exactly the throttled entries: entries 2 and 7 alone', async () => {
    eventBridge
      .on(PutEventsCommand)
      .callsFakeOnce(answer(failOrders('ThrottlingException', 'o-2', 'o-7')))
      .callsFake(answer());

    const { eventIds } = await publisher().publish(OrderCreated, orders(10));

    expect(sentOrderIds()).toEqual([orders(10).map((detail) => detail.orderId), ['o-2', 'o-7']]);
    expect(sentCalls()[1]).toEqual([sentCalls()[0]?.[2], sentCalls()[0]?.[7]]);
    expect(eventIds).toEqual(orders(10).map((detail) => `evt-${detail.orderId}`));
    expect(sleep.mock.calls).toEqual([[50]]);
  });

  it.each(['InternalException', 'InternalFailure'])('resends entries that failed with %s', async (code) => {
    eventBridge
      .on(PutEventsCommand)
      .callsFakeOnce(answer(failOrders(code, 'o-0')))
      .callsFake(answer());

    await expect(publisher().publish(OrderCreated, orders(3))).resolves.toEqual({
      eventIds: ['evt-o-0', 'evt-o-1', 'evt-o-2'],
    });
    expect(sentOrderIds()).toEqual([['o-0', 'o-1', 'o-2'], ['o-0']]);
  });

  it.each([
    'ValidationException',
    'AccessDeniedException',
    'MalformedDetail',
    'NotAuthorizedForSourceException',
  ])('does not resend an entry that failed with %s, and reports it after sending the rest', async (code) => {
    eventBridge.on(PutEventsCommand).callsFake(answer(failOrders(code, 'o-1')));

    const error = await publishError(publisher().publish(OrderCreated, orders(3)));

    expect(sentOrderIds()).toEqual([['o-0', 'o-1', 'o-2']]);
    expect(error.code).toBe('PUBLISH_FAILED');
    expect(error.failures).toEqual([
      {
        index: 1,
        detailType: 'OrderCreated',
        errorCode: code,
        errorMessage: `${code} for evt-o-1`,
        attempts: 1,
      },
    ]);
    expect(error.eventIds).toEqual(['evt-o-0', undefined, 'evt-o-2']);
  });

  it('retries the retryable entries and reports the others when one call has both', async () => {
    eventBridge
      .on(PutEventsCommand)
      .callsFakeOnce(
        answer(
          (entry) =>
            failOrders('ThrottlingException', 'o-0')(entry) ?? failOrders('MalformedDetail', 'o-3')(entry),
        ),
      )
      .callsFake(answer());

    const error = await publishError(publisher().publish(OrderCreated, orders(5)));

    expect(sentOrderIds()).toEqual([['o-0', 'o-1', 'o-2', 'o-3', 'o-4'], ['o-0']]);
    expect(error.failures.map((failure) => [failure.index, failure.errorCode])).toEqual([
      [3, 'MalformedDetail'],
    ]);
    expect(error.eventIds).toEqual(['evt-o-0', 'evt-o-1', 'evt-o-2', undefined, 'evt-o-4']);
  });

  it('gives up after maxAttempts with full-jitter exponential backoff, reporting every entry it could not send', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answer(failOrders('ThrottlingException', 'o-3', 'o-12')));

    const error = await publishError(
      publisher({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 150 }).publish(OrderCreated, orders(15)),
    );

    expect(sentOrderIds()).toEqual([
      orders(10).map((detail) => detail.orderId),
      ['o-10', 'o-11', 'o-12', 'o-13', 'o-14'],
      ['o-3', 'o-12'],
      ['o-3', 'o-12'],
      ['o-3', 'o-12'],
    ]);
    // random() = 0.5 of a ceiling of 100, 200 (capped to 150), 400 (capped to 150).
    expect(sleep.mock.calls).toEqual([[50], [75], [75]]);
    expect(error.failures).toEqual([
      {
        index: 3,
        detailType: 'OrderCreated',
        errorCode: 'ThrottlingException',
        errorMessage: 'ThrottlingException for evt-o-3',
        attempts: 4,
      },
      {
        index: 12,
        detailType: 'OrderCreated',
        errorCode: 'ThrottlingException',
        errorMessage: 'ThrottlingException for evt-o-12',
        attempts: 4,
      },
    ]);
    expect(error.eventIds.filter((id) => id !== undefined)).toHaveLength(13);
    expect(error.message).toBe(
      'Could not publish 2 of 15 paved.test.orders/OrderCreated events to event bus "orders-bus": ' +
        'entry 3 (OrderCreated): ThrottlingException "ThrottlingException for evt-o-3" after 4 attempts; ' +
        'entry 12 (OrderCreated): ThrottlingException "ThrottlingException for evt-o-12" after 4 attempts. ' +
        '13 were published (ids in error.eventIds). Throttling and internal errors were retried; for other codes fix the cause ' +
        '(AccessDeniedException: allow events:PutEvents on the bus) and publish the failed entries again.',
    );
  });
});

describe('calls that fail as a whole', () => {
  it.each([
    { what: 'throttling', error: serviceError('ThrottlingException', 400) },
    { what: 'a 5xx answer', error: serviceError('ServiceUnavailableException', 503) },
    { what: 'an internal failure', error: serviceError('InternalException', 500) },
    { what: 'a reset connection', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) },
    {
      what: 'an SDK timeout',
      error: Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }),
    },
  ])('are repeated after $what', async ({ error }) => {
    eventBridge.on(PutEventsCommand).rejectsOnce(error).callsFake(answer());

    await expect(publisher().publish(OrderCreated, orders(2))).resolves.toEqual({
      eventIds: ['evt-o-0', 'evt-o-1'],
    });
    expect(sentOrderIds()).toEqual([
      ['o-0', 'o-1'],
      ['o-0', 'o-1'],
    ]);
  });

  it('are not repeated after a client error, and every entry is reported with the cause kept', async () => {
    const denied = serviceError('AccessDeniedException', 400);
    eventBridge.on(PutEventsCommand).rejects(denied);

    const error = await publishError(publisher().publish(OrderCreated, orders(12)));

    expect(sentOrderIds().map((ids) => ids.length)).toEqual([10, 2]);
    expect(error.failures).toHaveLength(12);
    expect(error.failures[11]).toEqual({
      index: 11,
      detailType: 'OrderCreated',
      errorCode: 'AccessDeniedException',
      errorMessage: 'AccessDeniedException (HTTP 400)',
      attempts: 1,
    });
    expect(error.cause).toBe(denied);
    expect(error.eventIds).toEqual(new Array(12).fill(undefined));
  });

  it('do not stop the other calls: everything that can be sent is sent', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(serviceError('ValidationException', 400))
      .callsFake(answer());

    const error = await publishError(publisher().publish(OrderCreated, orders(25)));

    expect(sentOrderIds().map((ids) => ids.length)).toEqual([10, 10, 5]);
    expect(error.failures.map((failure) => failure.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(error.eventIds.slice(10)).toEqual(
      orders(25)
        .slice(10)
        .map((detail) => `evt-${detail.orderId}`),
    );
  });

  it('report an entry PutEvents answered nothing for, rather than drop it', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-o-0' }] });

    const error = await publishError(publisher().publish(OrderCreated, orders(2)));

    expect(error.failures).toEqual([
      expect.objectContaining({ index: 1, errorCode: 'MissingResultEntry', attempts: 1 }),
    ]);
  });
});
