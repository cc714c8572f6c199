import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  type AnyPublishableContract,
  MAX_PUT_EVENTS_ENTRY_BYTES,
  putEventsEntrySize,
  S3ObjectCreated,
} from '@paved/events';
import {
  createPublisher,
  EventTooLargeError,
  InvalidDetailError,
  publish,
  PublisherConfigError,
  UnpublishableContractError,
} from '../src';
import { DocumentStored, OrderCreated } from './support/contracts';
import { document, order, orders } from './support/details';
import { answer, eventBridge, PutEventsCommand, sentCalls, sentOrderIds } from './support/event-bridge';

const client = new EventBridgeClient({ region: 'eu-west-1' });
const publisher = createPublisher({
  client,
  eventBusName: 'orders-bus',
  sleep: async () => undefined,
  random: () => 0.5,
});

beforeEach(() => {
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(answer());
});

describe('publish', () => {
  it('sends one entry with the contract source and detail-type, the detail and its correlation id', async () => {
    await expect(publisher.publish(OrderCreated, order(1), { correlationId: 'corr-1' })).resolves.toEqual({
      eventIds: ['evt-o-1'],
    });

    expect(sentCalls()).toEqual([
      [
        {
          EventBusName: 'orders-bus',
          Source: 'paved.test.orders',
          DetailType: 'OrderCreated',
          Detail: JSON.stringify({ ...order(1), _meta: { correlationId: 'corr-1' } }),
        },
      ],
    ]);
  });

  it('passes resources and time into the envelope', async () => {
    const time = new Date('2026-03-14T09:26:53Z');
    await publisher.publish(OrderCreated, order(1), {
      resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/orders'],
      time,
    });

    expect(sentCalls()[0]?.[0]).toMatchObject({
      Resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/orders'],
      Time: time,
    });
  });

  it("replaces a caller's own _meta: the key is reserved for the publisher", async () => {
    const forged = { ...order(1), _meta: { correlationId: 'forged' } };
    await publisher.publish(OrderCreated, forged, { correlationId: 'corr-1' });

    expect(JSON.parse(sentCalls()[0]?.[0]?.Detail ?? '')._meta).toEqual({ correlationId: 'corr-1' });
  });

  it('gives a batch one new correlation id when there is no handler and no option', async () => {
    await publisher.publish(OrderCreated, orders(2));

    const ids = sentCalls()[0]!.map((entry) => JSON.parse(entry.Detail ?? '')._meta.correlationId as string);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('sends 25 entries as calls of 10, 10 and 5, and returns their ids in input order', async () => {
    const { eventIds } = await publisher.publish(OrderCreated, orders(25));

    expect(sentCalls().map((entries) => entries.length)).toEqual([10, 10, 5]);
    expect(sentOrderIds().flat()).toEqual(orders(25).map((detail) => detail.orderId));
    expect(eventIds).toEqual(orders(25).map((detail) => `evt-${detail.orderId}`));
  });

  it('sends nothing for an empty list', async () => {
    await expect(publisher.publish(OrderCreated, [])).resolves.toEqual({ eventIds: [] });
    expect(sentCalls()).toEqual([]);
  });

  it('refuses details that do not match the contract, listing every one by index, and sends nothing', async () => {
    const details = [order(0), { ...order(1), total: -1 }, order(2), { ...order(3), items: [] }];
    const rejection = publisher.publish(OrderCreated, details);

    await expect(rejection).rejects.toBeInstanceOf(InvalidDetailError);
    await expect(rejection).rejects.toMatchObject({
      code: 'INVALID_DETAIL',
      entries: [
        { index: 1, issues: [expect.objectContaining({ path: 'detail.total' })] },
        { index: 3, issues: [expect.objectContaining({ path: 'detail.items' })] },
      ],
    });
    await expect(rejection).rejects.toThrow(
      'Refusing to publish paved.test.orders/OrderCreated: 2 details do not match the contract, so nothing was sent. ' +
        'Entry 1: detail.total: Too small: expected number to be >0. Entry 3: detail.items: Too small: expected array to have >=1 items.',
    );
    expect(sentCalls()).toEqual([]);
  });
});

describe('size limits', () => {
  const sizeOf = (n: number, bytes: number): number =>
    putEventsEntrySize({
      Source: DocumentStored.source,
      DetailType: DocumentStored.detailType,
      Detail: JSON.stringify({ ...document(n, bytes), _meta: { correlationId: 'corr-1' } }),
    });

  it('splits calls so that no call carries more than the 1 MB limit in total', async () => {
    await publisher.publish(
      DocumentStored,
      [0, 1, 2, 3, 4].map((n) => document(n, 400_000)),
      { correlationId: 'corr-1' },
    );

    expect(
      sentCalls().map((entries) => entries.map((entry) => JSON.parse(entry.Detail ?? '').documentId)),
    ).toEqual([['d-0', 'd-1'], ['d-2', 'd-3'], ['d-4']]);
    for (const entries of sentCalls()) {
      expect(entries.reduce((total, entry) => total + putEventsEntrySize(entry), 0)).toBeLessThanOrEqual(
        MAX_PUT_EVENTS_ENTRY_BYTES,
      );
    }
  });

  it('fills a call up to exactly the limit, and not a byte more', async () => {
    const half = MAX_PUT_EVENTS_ENTRY_BYTES / 2;
    const bodyFor = (n: number): number => half - sizeOf(n, 0);

    await publisher.publish(DocumentStored, [document(0, bodyFor(0)), document(1, bodyFor(1))], {
      correlationId: 'corr-1',
    });
    await publisher.publish(DocumentStored, [document(2, bodyFor(2)), document(3, bodyFor(3) + 1)], {
      correlationId: 'corr-1',
    });

    expect(sentCalls().map((entries) => entries.length)).toEqual([2, 1, 1]);
  });

  it('refuses an entry over the limit, naming it, its size and the limit, and sends nothing', async () => {
    const details = [document(0, 10), document(1, MAX_PUT_EVENTS_ENTRY_BYTES)];
    const rejection = publisher.publish(DocumentStored, details, { correlationId: 'corr-1' });
    const size = sizeOf(1, MAX_PUT_EVENTS_ENTRY_BYTES);

    await expect(rejection).rejects.toBeInstanceOf(EventTooLargeError);
    await expect(rejection).rejects.toMatchObject({
      code: 'EVENT_TOO_LARGE',
      entries: [{ index: 1, size }],
      limit: 1_048_576,
    });
    await expect(rejection).rejects.toThrow(
      `Refusing to publish paved.test.documents/DocumentStored: entry 1 is ${size} bytes, over the PutEvents entry limit of 1048576 bytes`,
    );
    expect(sentCalls()).toEqual([]);
  });
});

describe('configuration', () => {
  const previous = process.env['PAVED_EVENT_BUS_NAME'];
  afterEach(() => {
    if (previous === undefined) delete process.env['PAVED_EVENT_BUS_NAME'];
    else process.env['PAVED_EVENT_BUS_NAME'] = previous;
  });

  it('publishes to the bus named by PAVED_EVENT_BUS_NAME when none is given', async () => {
    process.env['PAVED_EVENT_BUS_NAME'] = 'from-env';
    await createPublisher({ client }).publish(OrderCreated, order(1));
    expect(sentCalls()[0]?.[0]?.EventBusName).toBe('from-env');
  });

  it('says how to name the bus when neither the option nor PAVED_EVENT_BUS_NAME is set', async () => {
    delete process.env['PAVED_EVENT_BUS_NAME'];
    const rejection = createPublisher({ client }).publish(OrderCreated, order(1));

    await expect(rejection).rejects.toBeInstanceOf(PublisherConfigError);
    await expect(rejection).rejects.toThrow(
      'No event bus to publish paved.test.orders/OrderCreated to: set the PAVED_EVENT_BUS_NAME environment variable',
    );
    expect(sentCalls()).toEqual([]);
  });

  it.each([
    {
      options: { maxAttempts: 0 },
      message: 'Invalid maxAttempts 0 for createPublisher: use a whole number from 1',
    },
    {
      options: { maxAttempts: 2.5 },
      message: 'Invalid maxAttempts 2.5 for createPublisher: use a whole number from 1',
    },
    {
      options: { baseDelayMs: -1 },
      message: 'Invalid baseDelayMs -1 for createPublisher: use a number from 0',
    },
  ])('rejects $options', ({ options, message }) => {
    expect(() => createPublisher(options)).toThrow(PublisherConfigError);
    expect(() => createPublisher(options)).toThrow(message);
  });

  it('lets the convenience publish build its client on first use, from PAVED_EVENT_BUS_NAME', async () => {
    process.env['PAVED_EVENT_BUS_NAME'] = 'default-bus';
    await expect(publish(OrderCreated, [order(1), order(2)])).resolves.toEqual({
      eventIds: ['evt-o-1', 'evt-o-2'],
    });
    expect(sentCalls()[0]?.map((entry) => entry.EventBusName)).toEqual(['default-bus', 'default-bus']);
  });

  it("refuses an AWS service's event before sending anything, saying who produces it", async () => {
    // A cast gets past the types, which refuse an AWS contract; the publisher still refuses it.
    const awsContract = S3ObjectCreated as unknown as AnyPublishableContract;
    const rejection = publisher.publish(awsContract, S3ObjectCreated.examples[0]);
    await expect(rejection).rejects.toBeInstanceOf(UnpublishableContractError);
    await expect(rejection).rejects.toMatchObject({
      code: 'UNPUBLISHABLE_CONTRACT',
      contract: 'aws.s3/Object Created',
    });
    await expect(rejection).rejects.toThrow(
      'Refusing to publish aws.s3/Object Created: it is an AWS service\'s event (defineAwsEvent), which AWS puts on the default bus itself; EventBridge refuses "aws." sources in PutEvents, and the platform grants no PutEvents for it. Publish an event of your own (defineEvent) instead.',
    );
    expect(sentCalls()).toEqual([]);
  });
});
