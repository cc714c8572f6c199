import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { JournalError, type EventView, type QueueView } from '../src';
import { type BusCore } from '../src/core/bus-core';
import { coreOf } from '../src/http/server';
import { type AcceptedRecord } from '../src/journal/records';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { deliveries, getJson, settled, startTestBus, waitFor, type TestBus } from './helpers';

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

/** The classic tutorial's event, as its `aws events put-events` command puts it. */
const tutorial = (bus?: string) => ({
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email: 'testuser@example.com', name: 'Test User' }),
  ...(bus ? { EventBusName: bus } : {}),
});

/** The copy the default bus's route put on paved, once its delivery has settled. */
async function forwardedCopy(t: TestBus, id: string): Promise<{ original: EventView; copy: EventView }> {
  const original = await settled(t.bus, id);
  const copyId = original.deliveries[0]!.caused![0]!;
  return { original, copy: await settled(t.bus, copyId) };
}

/**
 * Makes the paved bus refuse forwarded copies, as it does when its journal cannot write (a full disk): the one way
 * a bus target fails locally. Returns a function that stops refusing.
 */
function refuseForwarding(core: BusCore): () => void {
  const accept = core.acceptRecords.bind(core);
  const spy = jest
    .spyOn(core, 'acceptRecords')
    .mockImplementation((records: readonly AcceptedRecord[], ...rest) =>
      records.some((record) => record.origin.kind === 'forward')
        ? Promise.reject(
            new JournalError('Could not write to the journal: ENOSPC: no space left on device, write.'),
          )
        : accept(records, ...rest),
    );
  return () => spy.mockRestore();
}

describe('the default bus and the paved bus', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => [fixtureSubscriptions(out).welcome!]);
  });
  afterAll(() => t.stop());

  it.each([
    ['with EventBusName default', 'default'],
    ['without EventBusName', undefined],
  ])("delivers the tutorial's event put %s to the handler on paved, as a new event", async (_, bus) => {
    const result = await t.client.send(new PutEventsCommand({ Entries: [tutorial(bus)] }));
    const id = result.Entries![0]!.EventId!;
    const { original, copy } = await forwardedCopy(t, id);

    expect(original).toMatchObject({ bus: 'default', rules: ['paved-application-events'] });
    expect(original.deliveries[0]).toMatchObject({ rule: 'paved-application-events', status: 'succeeded' });
    expect(original.deliveries[0]!.attempts).toEqual([
      expect.objectContaining({ kind: 'deliver', ok: true }),
    ]);
    expect(copy.id).not.toBe(id);
    expect(copy).toMatchObject({
      bus: 'paved',
      rules: ['identity-send-welcome'],
      forwardedFrom: { bus: 'default', id, rule: 'paved-application-events' },
      causedBy: { kind: 'event', id },
    });
    const { id: _id, ...same } = original.event;
    expect(copy.event).toEqual({ ...same, id: copy.id });
    await waitFor(() => deliveries(t.outFile).some((d) => d.id === copy.id), 5000, 'the handler');
  });

  if (existsSync(AWS))
    it.each([
      ['with "EventBusName":"default"', 'default'],
      ['without EventBusName', undefined],
    ])("runs the handler for the tutorial's AWS CLI command %s", async (_, bus) => {
      const { stdout } = await run(
        AWS,
        ['events', 'put-events', '--endpoint-url', t.bus.url, '--entries', JSON.stringify([tutorial(bus)])],
        {
          env: {
            PATH: process.env['PATH'],
            HOME: t.dir,
            AWS_ACCESS_KEY_ID: 'test',
            AWS_SECRET_ACCESS_KEY: 'test',
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_PAGER: '',
          },
        },
      );
      const id = (JSON.parse(stdout) as { Entries: { EventId: string }[] }).Entries[0]!.EventId;
      const { copy } = await forwardedCopy(t, id);
      await waitFor(() => deliveries(t.outFile).some((d) => d.id === copy.id), 5000, 'the handler');
    });

  it('says of an event that matched nothing that it did, and where it would have matched', async () => {
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'myapp.nobody', DetailType: 'nothing', Detail: '{}', EventBusName: 'paved' },
          { ...tutorial('Paved') },
        ],
      }),
    );
    const [nowhere, typo] = result.Entries!.map((entry) => entry.EventId!);
    const lost = (await getJson<EventView>(t.bus, `/_paved/events/${nowhere}`)).body;
    expect(lost.rules).toEqual([]);
    expect(lost.unmatched).toEqual({
      wouldMatch: [],
      message: expect.stringMatching(
        /^matched no rule on paved, and no handler's rule on another bus matches it/,
      ),
    });
    const dropped = (await getJson<EventView>(t.bus, `/_paved/events/${typo}`)).body;
    expect(dropped.dropped).toMatch(/^Event bus Paved does not exist/);
    expect(dropped.unmatched).toEqual({
      wouldMatch: [{ bus: 'paved', rule: 'identity-send-welcome' }],
      message:
        'went nowhere (bus Paved does not exist); would match paved rule identity-send-welcome: send it to ' +
        'EventBusName paved, or to default (or no EventBusName): route paved-application-events forwards it to paved.',
    });
  });
});

describe('a route whose target bus cannot take the event', () => {
  let t: TestBus;
  beforeAll(async () => {
    // Small enough that 185 retries, backing off to 5 minutes x 0.0001, take seconds.
    t = await startTestBus((out) => [fixtureSubscriptions(out).welcome!], { timeScale: 0.0001 });
  });
  afterAll(() => t.stop());

  it("is retried 185 times, then the event goes to the route's DLQ; a redrive forwards it again", async () => {
    const core = coreOf(t.bus);
    const restore = refuseForwarding(core);
    const result = await t.client.send(new PutEventsCommand({ Entries: [tutorial()] }));
    const id = result.Entries![0]!.EventId!;
    const view = await settled(t.bus, id, 20_000);
    restore();

    const [delivery] = view.deliveries;
    expect(delivery).toMatchObject({
      rule: 'paved-application-events',
      status: 'undeliverable',
      queue: 'paved-application-events-dlq',
      reason: expect.stringMatching(/^MaximumRetryAttemptsExhausted: /),
    });
    expect(delivery!.attempts).toHaveLength(186);
    expect(delivery!.attempts.every((a) => a.kind === 'deliver' && !a.ok)).toBe(true);
    expect(delivery!.attempts[0]!.error).toEqual({
      errorType: 'InternalException',
      errorMessage: expect.stringContaining('ENOSPC'),
    });
    const queue = (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body.queues.find(
      (q) => q.name === 'paved-application-events-dlq',
    )!;
    expect(queue.kind).toBe('delivery');
    expect(queue.messages).toHaveLength(1);
    const [message] = queue.messages;
    expect(JSON.parse(message!.body)).toEqual(view.event);
    expect(message!.attributes).toEqual({
      ERROR_CODE: 'INTERNAL_ERROR',
      ERROR_MESSAGE: expect.stringContaining('InternalException'),
      EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttemptsExhausted',
      RETRY_ATTEMPTS: '185',
      RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/paved-application-events',
      TARGET_ARN: 'arn:aws:events:us-east-1:000000000000:event-bus/paved',
    });

    const redrive = await fetch(`${t.bus.url}/_paved/dlq/paved-application-events-dlq/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await redrive.json()).toEqual({ redriven: 1 });
    const again = await settled(t.bus, id, 8000, 2);
    const copyId = again.deliveries[1]!.caused![0]!;
    expect(again.deliveries[1]).toMatchObject({ origin: { kind: 'redrive' }, status: 'succeeded' });
    await waitFor(() => deliveries(t.outFile).some((d) => d.id === copyId), 5000, 'the handler');
  }, 30_000);

  it('forwards after a restart what it had not forwarded when the bus stopped', async () => {
    const first = await startTestBus((out) => [fixtureSubscriptions(out).welcome!]);
    const restore = refuseForwarding(coreOf(first.bus));
    const result = await first.client.send(new PutEventsCommand({ Entries: [tutorial('default')] }));
    const id = result.Entries![0]!.EventId!;
    await waitFor(
      async () =>
        (await getJson<EventView>(first.bus, `/_paved/events/${id}`)).body.deliveries[0]?.attempts.length,
      5000,
      'a failed attempt',
    );
    await first.stop(false);
    restore();

    const second = await startTestBus((out) => [fixtureSubscriptions(out).welcome!], { dir: first.dir });
    try {
      const view = await settled(second.bus, id);
      expect(view.deliveries[0]).toMatchObject({ rule: 'paved-application-events', status: 'succeeded' });
      const copyId = view.deliveries[0]!.caused![0]!;
      await waitFor(() => deliveries(second.outFile).some((d) => d.id === copyId), 5000, 'the handler');
    } finally {
      await second.stop();
    }
  });
});
