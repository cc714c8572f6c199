import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { defineSubscription } from '@paved/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EventView } from '../src';
import { JobRequested } from './fixtures/contracts';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { deliveries, getJson, startTestBus, waitFor, type TestBus } from './helpers';

const job = (behaviour: string) => ({
  Source: 'test.jobs',
  DetailType: 'job_requested',
  Detail: JSON.stringify({ behaviour }),
  EventBusName: 'paved',
});
const signup = {
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email: 'a@example.com', name: 'A' }),
  EventBusName: 'paved',
};

async function put(t: TestBus, ...entries: object[]): Promise<string[]> {
  const result = await t.client.send(new PutEventsCommand({ Entries: entries as never }));
  expect(result.FailedEntryCount).toBe(0);
  return result.Entries!.map((e) => e.EventId!);
}

function settled(t: TestBus, id: string, timeoutMs = 8000): Promise<EventView> {
  return waitFor(
    async () => {
      const { status, body } = await getJson<EventView>(t.bus, `/_paved/events/${id}`);
      return status === 200 &&
        body.deliveries.length > 0 &&
        body.deliveries.every((d) => d.status !== 'pending')
        ? body
        : undefined;
    },
    timeoutMs,
    `event ${id} to settle`,
  );
}

const delivery = (view: EventView, rule: string) => view.deliveries.find((d) => d.rule === rule)!;

// One worker, so every handler shares it: what these tests are about.
describe('handlers sharing one worker', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus(
      (out) => {
        const f = fixtureSubscriptions(out);
        return [f.welcome!, f.audit!, f.misbehave!, f.slowA!, f.slowB!, f.outbox!];
      },
      { workers: 1 },
    );
  });
  afterAll(() => t.stop());

  it('shows each handler its own environment and keeps each invocation its own logs', async () => {
    const [id] = await put(t, signup);
    const view = await settled(t, id!);
    expect(
      deliveries(t.outFile)
        .filter((d) => d.id === id)
        .map((d) => d.fn)
        .sort(),
    ).toEqual(['audit-audit-signup', 'identity-send-welcome']);
    for (const rule of ['audit-audit-signup', 'identity-send-welcome']) {
      const logs = delivery(view, rule).attempts[0]!.logs!;
      expect(logs).toBe(`${rule} recording ${id}\n`);
    }
  });

  it('runs handlers in local mode, so their side effects land in the outbox', async () => {
    const [id] = await put(t, job('outbox'));
    expect(delivery(await settled(t, id!), 'jobs-write-outbox').status).toBe('succeeded');
    const written = JSON.parse(readFileSync(join(t.dir, 'data', 'outbox', 'records', `${id}.json`), 'utf8'));
    expect(written).toEqual({ fn: 'jobs-write-outbox' });
  });

  it('fails the invocation that exits, and runs the ones beside it again without counting an attempt', async () => {
    // The slow handlers (400 ms) are running in the worker when the other event's handler exits it.
    const [slow, exit] = await put(t, job('slow'), job('exit'));
    const exited = delivery(await settled(t, exit!), 'jobs-misbehave');
    expect(exited.attempts[0]!.error).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: expect.stringContaining('exit status 3'),
    });
    const view = await settled(t, slow!);
    for (const rule of ['jobs-slow-a', 'jobs-slow-b', 'jobs-misbehave']) {
      expect(delivery(view, rule)).toMatchObject({ status: 'succeeded', attempts: [{ n: 1, ok: true }] });
    }
    // They had started before the crash, so they started again: at least once, as on AWS. Once more for each
    // of the three exit attempts that caught them running (Lambda retries the failed one twice).
    const starts = deliveries(t.outFile).filter((d) => d.id === slow && d.fn === 'jobs-slow-a').length;
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(starts).toBeLessThanOrEqual(4);
  });

  it('fails an invocation that leaves a rejection unhandled, as Lambda does', async () => {
    const [id] = await put(t, job('reject'));
    const failed = delivery(await settled(t, id!), 'jobs-misbehave');
    expect(failed.status).toBe('failed');
    expect(failed.attempts[0]!.error).toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'SyntaxError: nobody handled this rejection',
    });
  });
});

describe('a worker that runs out of memory', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus(
      (out) => [
        fixtureSubscriptions(out).slowA!,
        defineSubscription({
          name: 'leak',
          service: 'jobs',
          contract: JobRequested,
          pattern: { ...JobRequested.pattern, detail: { behaviour: ['leak'] } },
          entry: join(__dirname, 'fixtures', 'handlers', 'misbehave.ts'),
          description: 'Fills its heap.',
          memorySizeMb: 128,
          retryAttempts: 0,
          environment: { OUT_FILE: out },
        }),
      ],
      { workers: 1, workerMemoryMb: 192 },
    );
  });
  afterAll(() => t.stop());

  it('runs what it was running again one by one, each alone, to find the handler that leaks', async () => {
    const [slow, leak] = await put(t, job('slow'), job('leak'));
    const leaked = delivery(await settled(t, leak!, 15_000), 'jobs-leak');
    expect(leaked).toMatchObject({
      status: 'failed',
      queue: 'jobs-leak-failure-dlq',
      attempts: [{ n: 1, ok: false, error: { errorType: 'Runtime.OutOfMemory' } }],
    });
    expect(delivery(await settled(t, slow!), 'jobs-slow-a')).toMatchObject({
      status: 'succeeded',
      attempts: [{ n: 1, ok: true }],
    });
    const health = await getJson<{ workers: number; isolated: number }>(t.bus, '/_paved/health');
    expect(health.body.isolated).toBe(0);
  }, 20_000);
});
