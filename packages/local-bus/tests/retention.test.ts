import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { defineSubscription } from '@paved/events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type EventView, type QueueView } from '../src';
import { coreOf } from '../src/http/server';
import { JobRequested } from './fixtures/contracts';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { getJson, startTestBus, tempDir, waitFor, type TestBus } from './helpers';

const job = (behaviour: string) => ({
  Source: 'test.jobs',
  DetailType: 'job_requested',
  Detail: JSON.stringify({ behaviour }),
  EventBusName: 'paved',
});
const signup = (n: number) => ({
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email: `u${n}@example.com`, name: `U${n}` }),
  EventBusName: 'paved',
});

function subscriptions(out: string) {
  const f = fixtureSubscriptions(out);
  return [
    f.welcome!,
    f.misbehave!,
    // Hangs for as long as the test runs: its event stays undelivered.
    defineSubscription({
      name: 'hang-long',
      service: 'jobs',
      contract: JobRequested,
      pattern: { ...JobRequested.pattern, detail: { behaviour: ['hang'] } },
      entry: join(__dirname, 'fixtures', 'handlers', 'misbehave.ts'),
      description: 'Never returns, with a long timeout.',
      timeoutSeconds: 600,
      retryAttempts: 0,
    }),
  ];
}

async function put(t: TestBus, ...entries: object[]): Promise<string[]> {
  const result = await t.client.send(new PutEventsCommand({ Entries: entries as never }));
  expect(result.FailedEntryCount).toBe(0);
  return result.Entries!.map((e) => e.EventId!);
}

const failureMessages = async (t: TestBus) =>
  (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body.queues.find(
    (q) => q.name === 'jobs-misbehave-failure-dlq',
  )!.messages;

describe('journal retention on a running bus', () => {
  it('deletes old segments but keeps DLQ messages and undelivered events, through a restart', async () => {
    const dir = tempDir();
    // Retention 0 days: at the next compaction every segment but the one being written is too old.
    const options = { dir, retentionDays: 0, segmentBytes: 8 * 1024 };
    let t = await startTestBus(subscriptions, options);
    try {
      // 'throw' ends in the failure DLQ; 'hang' stays undelivered (jobs-hang-long never returns).
      const [failing, hanging] = await put(t, job('throw'), job('hang'));
      await waitFor(
        async () => (await failureMessages(t)).some((m) => m.eventId === failing),
        8000,
        'the failure DLQ message',
      );
      for (let i = 0; i < 10; i++) await put(t, ...Array.from({ length: 10 }, (_, j) => signup(i * 10 + j)));
      const pending = async () =>
        (await getJson<{ pendingEvents: number }>(t.bus, '/_paved/health')).body.pendingEvents;
      await waitFor(
        async () => (await pending()) === 1,
        10_000,
        'every event but the hanging one to be delivered',
      );
      const segments = () =>
        readdirSync(join(dir, 'data', 'journal')).filter((name) => name.startsWith('segment-'));
      expect(segments().length).toBeGreaterThan(3);

      await coreOf(t.bus).journal.compact();
      expect(segments()).toHaveLength(1);

      await t.stop(false);
      t = await startTestBus(subscriptions, options);
      expect((await failureMessages(t)).map((m) => m.eventId)).toEqual([failing]);
      expect(await pending()).toBe(1);
      const view = await getJson<EventView>(t.bus, `/_paved/events/${hanging}`);
      expect(view.body.deliveries.find((d) => d.rule === 'jobs-hang-long')).toMatchObject({
        status: 'pending',
      });
    } finally {
      await t.stop();
    }
  }, 30_000);
});
