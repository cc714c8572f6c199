import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { HANDLER_ENV, splitMetadata } from '@paved/events';
import { OrderCreated } from '@paved/orders-contracts';
import { expectStoredOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type CapturedCharge,
  type DeclinedCharge,
  paymentCaptured,
  paymentDeclined,
} from '../src/charge-payment';
import { handler } from '../src/handler';

const samples = loadSampleEvents(OrderCreated);
const outbox = useLocalOutbox();

// Every EventBridgeClient answers from this mock, the one the runtime's `publish` creates included.
const eventBridge = mockClient(EventBridgeClient);
const accept = (input: PutEventsCommandInput) => ({
  FailedEntryCount: 0,
  Entries: (input.Entries ?? []).map((_entry, index) => ({ EventId: `published-${index}` })),
});
const refuse = (input: PutEventsCommandInput) => ({
  FailedEntryCount: input.Entries?.length ?? 0,
  Entries: (input.Entries ?? []).map(() => ({ ErrorCode: 'AccessDeniedException', ErrorMessage: 'denied' })),
});
const savedBus = process.env[HANDLER_ENV.eventBusName];
beforeAll(() => (process.env[HANDLER_ENV.eventBusName] = 'paved'));
beforeEach(() => eventBridge.reset().on(PutEventsCommand).callsFake(accept));
afterAll(() => {
  eventBridge.restore();
  if (savedBus === undefined) delete process.env[HANDLER_ENV.eventBusName];
  else process.env[HANDLER_ENV.eventBusName] = savedBus;
});

/** Every entry put on the bus so far (accepted or not), with its detail as sent, the runtime's `_meta` aside. */
const published = () =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry: PutEventsRequestEntry) => ({
      bus: entry.EventBusName,
      source: entry.Source,
      detailType: entry.DetailType,
      detail: splitMetadata(JSON.parse(entry.Detail ?? '{}')).detail,
    }));

/**
 * An order of its own, as the example but for `totalMinor` in one line: its own event id and order id, so what one
 * test records or publishes cannot answer for another.
 */
const orderEvent = (orderId: string, totalMinor = 6_000) => {
  const { event } = samples.get('example-1');
  const lines = [{ sku: 'PIANO-GRAND', quantity: 1, unitPriceMinor: totalMinor }];
  return { ...event, id: `evt-${orderId}`, detail: { ...event.detail, orderId, lines, totalMinor } };
};

describe('charge-payment handler', () => {
  it.each(samples.valid)(
    'charges $file once, and announces the charge, the same each time, however often it arrives',
    async ({ event }) => {
      const { key, stored } = await expectStoredOnce(handler, event, outbox, 'payments');
      expect(key).toBe(`charges/${event.detail.orderId}.json`);
      expect(stored).toMatchObject({ status: 'captured', amountMinor: event.detail.totalMinor });
      const announcement = {
        bus: 'paved',
        source: 'myapp.orders',
        detailType: 'PaymentCaptured',
        detail: paymentCaptured(stored as CapturedCharge, event.detail.email),
      };
      const sent = published();
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent).toEqual(sent.map(() => announcement));
    },
  );

  it('declines an order above the limit of its currency, recording the decline and announcing it', async () => {
    const event = orderEvent('o-grand-piano', 2_500_000);
    await handler(event, fakeContext());
    const charge = outbox.readJson('payments', 'charges/o-grand-piano.json') as DeclinedCharge;
    expect(charge).toMatchObject({ status: 'declined', reason: 'amount-over-limit' });
    expect(published()).toEqual([
      {
        bus: 'paved',
        source: 'myapp.orders',
        detailType: 'PaymentDeclined',
        detail: paymentDeclined(charge, event.detail.email),
      },
    ]);
  });

  it('still announces the charge when the delivery that recorded it failed to publish', async () => {
    const event = orderEvent('o-retried');
    eventBridge.on(PutEventsCommand).callsFakeOnce(refuse).callsFake(accept);
    await expect(handler(event, fakeContext())).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    const charge = outbox.readJson('payments', 'charges/o-retried.json') as CapturedCharge;
    expect(published()).toHaveLength(1); // refused: the charge is recorded, its announcement is not out

    await handler(event, fakeContext()); // Lambda's retry
    const announcement = paymentCaptured(charge, event.detail.email);
    expect(published().map(({ detail }) => detail)).toEqual([announcement, announcement]);
  });

  it('announces what the ledger recorded before, not what this delivery would decide', async () => {
    const event = orderEvent('o-recorded');
    const recorded: CapturedCharge = {
      status: 'captured',
      orderId: 'o-recorded',
      customerId: event.detail.customerId,
      currency: event.detail.currency,
      amountMinor: event.detail.totalMinor,
      chargeId: 'ch-o-recorded',
      capturedAt: '2025-12-31T23:59:59.000Z',
    };
    mkdirSync(join(outbox.dir, 'payments', 'charges'), { recursive: true });
    writeFileSync(join(outbox.dir, 'payments', 'charges', 'o-recorded.json'), JSON.stringify(recorded));
    await expect(handler(event, fakeContext())).resolves.toMatchObject({ created: false });
    expect(published().map(({ detail }) => detail)).toEqual([paymentCaptured(recorded, event.detail.email)]);
  });

  it('fails permanently, charging and announcing nothing, when the order total is not the sum of its lines', async () => {
    const event = orderEvent('o-mismatch');
    const wrong = { ...event, detail: { ...event.detail, totalMinor: 1 } };
    await expect(handler(wrong, fakeContext())).rejects.toMatchObject({
      name: 'OrderTotalMismatchError',
      code: 'ORDER_TOTAL_MISMATCH',
    });
    expect(outbox.list('payments')).toEqual([]);
    expect(published()).toEqual([]);
  });
});
