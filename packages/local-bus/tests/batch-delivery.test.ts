import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type EventView, type QueueView } from '../src';
import { findWorkspaceRoot, loadWorkspaceSubscriptions } from '../src/services';
import { batchSubscriptions } from './fixtures/batch-subscriptions';
import { getJson, settled, startBusProcess, startTestBus, tempDir, waitFor, type TestBus } from './helpers';
import { openChromium } from './chromium';

/** One line of the batch-record fixture: one invocation. */
interface Invocation {
  readonly fn: string;
  readonly requestId: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly records: { id: string; key?: string; n?: number; ok: boolean }[];
  readonly shape: Record<string, unknown>;
}

function invocations(outFile: string, fn: string): Invocation[] {
  if (!existsSync(outFile)) return [];
  return readFileSync(outFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Invocation)
    .filter((invocation) => invocation.fn === fn);
}

const job = (group: string, detail: Record<string, unknown> = {}): PutEventsRequestEntry => ({
  Source: 'test.batch',
  DetailType: 'batch_job',
  Detail: JSON.stringify({ group, ...detail }),
  EventBusName: 'paved',
});

/** The most invocations that ran at the same time. */
function maxOverlap(runs: readonly Invocation[]): number {
  const edges = runs.flatMap((r) => [
    { at: r.startedAt, d: 1 },
    { at: r.endedAt, d: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const edge of edges) max = Math.max(max, (now += edge.d));
  return max;
}

const SQS_RECORD_SHAPE = {
  attributes: {
    ApproximateFirstReceiveTimestamp: 'string',
    ApproximateReceiveCount: 'string',
    SenderId: 'string',
    SentTimestamp: 'string',
  },
  awsRegion: 'string',
  body: 'string',
  eventSource: 'string',
  eventSourceARN: 'string',
  md5OfBody: 'string',
  messageAttributes: {},
  messageId: 'string',
  receiptHandle: 'string',
};

const KINESIS_RECORD_SHAPE = {
  awsRegion: 'string',
  eventID: 'string',
  eventName: 'string',
  eventSource: 'string',
  eventSourceARN: 'string',
  eventVersion: 'string',
  invokeIdentityArn: 'string',
  kinesis: {
    approximateArrivalTimestamp: 'number',
    data: 'string',
    kinesisSchemaVersion: 'string',
    partitionKey: 'string',
    sequenceNumber: 'string',
  },
};

describe('batch delivery (queue and stream)', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => Object.values(batchSubscriptions(out)));
  });
  afterAll(() => t.stop());

  /** Puts entries 10 at a time, all calls at once (a burst); resolves to the event ids in order. */
  const burst = async (entries: PutEventsRequestEntry[]): Promise<string[]> => {
    const calls = [];
    for (let i = 0; i < entries.length; i += 10)
      calls.push(t.client.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) })));
    const results = await Promise.all(calls);
    for (const result of results) expect(result.FailedEntryCount).toBe(0);
    return results.flatMap((result) => result.Entries!.map((entry) => entry.EventId!));
  };
  const queue = async (name: string): Promise<QueueView> =>
    (await getJson<{ queues: QueueView[] }>(t.bus, '/_paved/dlq')).body.queues.find((q) => q.name === name)!;
  const settleAll = (ids: readonly string[]): Promise<EventView[]> =>
    Promise.all(ids.map((id) => settled(t.bus, id, 20_000)));

  it('delivers a burst of 50 events to a queue in batches of up to batchSize, as SQS events', async () => {
    const ids = await burst(Array.from({ length: 50 }, (_, n) => job('queue', { n })));
    const views = await settleAll(ids);
    expect(views.map((v) => v.deliveries[0]!.status)).toEqual(ids.map(() => 'succeeded'));
    const runs = invocations(t.outFile, 'batch-queue');
    expect(runs.flatMap((r) => r.records.map((record) => record.id)).sort()).toEqual([...ids].sort());
    expect(runs.length).toBeLessThan(50);
    expect(Math.max(...runs.map((r) => r.records.length))).toBeLessThanOrEqual(10);
    expect(runs[0]!.shape).toEqual(SQS_RECORD_SHAPE);
    // The event view says which batch delivered it, how big it was and how it ended.
    const attempt = views[0]!.deliveries[0]!.attempts[0]!;
    const run = runs.find((r) => r.requestId === attempt.requestId)!;
    expect(attempt.batch).toEqual({
      id: expect.any(String),
      source: 'queue',
      size: run.records.length,
      attempt: 1,
      outcome: 'succeeded',
      failed: 0,
      item: expect.any(String),
    });
  });

  it('delivers a burst of 50 events to a stream in batches, as Kinesis events', async () => {
    const ids = await burst(Array.from({ length: 50 }, (_, n) => job('stream', { n, key: `k${n % 3}` })));
    const views = await settleAll(ids);
    expect(views.map((v) => v.deliveries[0]!.status)).toEqual(ids.map(() => 'succeeded'));
    const runs = invocations(t.outFile, 'batch-stream');
    expect(runs.flatMap((r) => r.records.map((record) => record.id)).sort()).toEqual([...ids].sort());
    expect(runs.length).toBeLessThan(50);
    expect(runs[0]!.shape).toEqual(KINESIS_RECORD_SHAPE);
    expect(views[0]!.deliveries[0]!.attempts[0]!.batch).toMatchObject({
      source: 'stream',
      outcome: 'succeeded',
    });
  });

  it('retries a poison message of a queue alone until maxReceiveCount, then moves it unchanged to the failure DLQ', async () => {
    const ids = await burst(
      Array.from({ length: 10 }, (_, n) => job('queue', n === 4 ? { n, behaviour: 'poison' } : { n })),
    );
    const views = await settleAll(ids);
    const poison = views[4]!.deliveries[0]!;
    expect(poison.status).toBe('failed');
    expect(poison.queue).toBe('batch-queue-failure-dlq');
    expect(poison.reason).toMatch(/^maxReceiveCount \(5\) reached: BatchItemFailure/);
    expect(poison.attempts.map((a) => [a.n, a.ok])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(poison.attempts[0]!.batch).toMatchObject({ outcome: 'partial', failed: 1 });
    expect(poison.attempts[0]!.batch!.size).toBeGreaterThan(1);
    // Retried alone: nothing else failed, so nothing else is received with it.
    expect(poison.attempts.slice(1).map((a) => a.batch!.size)).toEqual([1, 1, 1, 1]);
    // The rest of its batch succeeded on the first receive.
    for (const view of [...views.slice(0, 4), ...views.slice(5)]) {
      expect(view.deliveries[0]!.status).toBe('succeeded');
      expect(view.deliveries[0]!.attempts).toHaveLength(1);
    }
    const dlq = await queue('batch-queue-failure-dlq');
    const message = dlq.messages.find((m) => m.eventId === ids[4])!;
    // As SQS's redrive policy moves it: the body EventBridge sent, the event JSON.
    expect(JSON.parse(message.body)).toMatchObject({
      id: ids[4],
      detail: { group: 'queue', behaviour: 'poison' },
    });

    // A redrive delivers it through the queue again, as a fresh message.
    const redrive = await fetch(`${t.bus.url}/_paved/dlq/batch-queue-failure-dlq/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds: [message.messageId] }),
    });
    expect(redrive.status).toBe(200);
    const again = await settled(t.bus, ids[4]!, 20_000, 2);
    expect(again.deliveries[1]!.origin.kind).toBe('redrive');
    expect(again.deliveries[1]!.attempts[0]!.batch!.source).toBe('queue');
    expect(again.deliveries[1]!.status).toBe('failed');
  });

  it('bisects a stream batch around a poison record, sends it to the failure DLQ as an on-failure record, and moves on', async () => {
    const ids = await burst(
      Array.from({ length: 20 }, (_, n) =>
        job('stream', n === 9 ? { n, key: 'p', behaviour: 'poison' } : { n, key: 'p' }),
      ),
    );
    const views = await settleAll(ids);
    const poison = views[9]!.deliveries[0]!;
    expect(poison.status).toBe('failed');
    expect(poison.queue).toBe('batch-stream-failure-dlq');
    expect(poison.reason).toMatch(/^RetryAttemptsExhausted: retryAttempts \(2\) exhausted/);
    // Alone in the end: bisection isolated it, and its last three tries (the first and two retries) were it alone.
    expect(poison.attempts.slice(-3).map((a) => a.batch!.size)).toEqual([1, 1, 1]);
    expect(poison.attempts.slice(-3).map((a) => a.batch!.attempt)).toEqual([1, 2, 3]);
    for (const [i, view] of views.entries())
      if (i !== 9) expect(view.deliveries[0]!.status).toBe('succeeded');

    const dlq = await queue('batch-stream-failure-dlq');
    const message = dlq.messages.find((m) => m.eventId === ids[9])!;
    const body = JSON.parse(message.body);
    expect(body).toMatchObject({
      version: '1.0',
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:batch-stream',
        approximateInvokeCount: poison.attempts.length,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      KinesisBatchInfo: {
        shardId: 'shardId-000000000000',
        batchSize: 1,
        streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/batch-stream-stream',
      },
    });
    expect(body.KinesisBatchInfo.startSequenceNumber).toBe(poison.attempts[0]!.batch!.item);

    const redrive = await fetch(`${t.bus.url}/_paved/dlq/batch-stream-failure-dlq/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageIds: [message.messageId] }),
    });
    expect(redrive.status).toBe(200);
    const again = await settled(t.bus, ids[9]!, 20_000, 2);
    expect(again.deliveries[1]!.origin.kind).toBe('redrive');
    expect(again.deliveries[1]!.attempts[0]!.batch!.source).toBe('stream');
  });

  it('keeps per-key order on a stream with interleaved keys, a parallelization factor and a failure in the middle', async () => {
    const entries = Array.from({ length: 40 }, (_, i) => {
      const key = ['a', 'b', 'c', 'd'][i % 4]!;
      const n = Math.floor(i / 4);
      return job('ordered', key === 'b' && n === 5 ? { key, n, behaviour: 'throw-batch' } : { key, n });
    });
    const ids = await burst(entries);
    const views = await settleAll(ids);
    const failed = views.filter((v) => v.deliveries[0]!.status === 'failed').map((v) => v.id);
    expect(failed).toEqual([ids[21]]);
    const runs = invocations(t.outFile, 'batch-ordered').sort((x, y) => x.startedAt - y.startedAt);
    // Per key, the records the handler completed, in the order it completed them: first completions only
    // (a retried batch goes through records again).
    const completed = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const run of runs) {
      if (run.records.some((r) => !r.ok)) continue;
      for (const record of run.records) {
        if (seen.has(record.id)) continue;
        seen.add(record.id);
        completed.set(record.key!, [...(completed.get(record.key!) ?? []), record.n!]);
      }
    }
    const upTo = (skip?: number) => Array.from({ length: 10 }, (_, n) => n).filter((n) => n !== skip);
    expect(completed.get('a')).toEqual(upTo());
    expect(completed.get('b')).toEqual(upTo(5));
    expect(completed.get('c')).toEqual(upTo());
    expect(completed.get('d')).toEqual(upTo());
    // Within every invocation, a key's records come in order too.
    for (const run of runs)
      for (const key of ['a', 'b', 'c', 'd']) {
        const ns = run.records.filter((r) => r.key === key).map((r) => r.n!);
        expect(ns).toEqual([...ns].sort((x, y) => x - y));
      }
  });

  it('runs at most maxConcurrency invocations of a queue at once', async () => {
    const ids = await burst(Array.from({ length: 8 }, (_, n) => job('limited', { n })));
    await settleAll(ids);
    const runs = invocations(t.outFile, 'batch-limited');
    expect(runs).toHaveLength(8);
    // Eight 150 ms invocations: with a limit of 2 they overlap two at a time, never three.
    expect(maxOverlap(runs)).toBe(2);
  });
});

describe("the orders service's record-sale-analytics, delivered from a stream", () => {
  it('records 50 orders of a burst as 50 sales in fewer than 50 invocations', async () => {
    const workspace = loadWorkspaceSubscriptions(findWorkspaceRoot(__dirname));
    const analytics = workspace.subscriptions.find((s) => s.id === 'orders-record-sale-analytics')!;
    expect(analytics.delivery.kind).toBe('stream');
    const t = await startTestBus(() => [analytics]);
    try {
      const example = analytics.contract.examples[0] as Record<string, unknown>;
      const entries = Array.from({ length: 50 }, (_, n) => ({
        Source: analytics.contract.source,
        DetailType: analytics.contract.detailType,
        Detail: JSON.stringify({ ...example, orderId: `o-burst-${n}`, customerId: `c-${n % 7}` }),
        EventBusName: 'paved',
      }));
      const ids = (
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            t.client.send(new PutEventsCommand({ Entries: entries.slice(i * 10, i * 10 + 10) })),
          ),
        )
      ).flatMap((result) => result.Entries!.map((entry) => entry.EventId!));
      const views = await Promise.all(ids.map((id) => settled(t.bus, id, 30_000)));
      expect(views.map((v) => v.deliveries[0]!.status)).toEqual(ids.map(() => 'succeeded'));
      const invocations = new Set(views.flatMap((v) => v.deliveries[0]!.attempts.map((a) => a.requestId)));
      expect(invocations.size).toBeLessThan(50);
      const root = join(t.dir, 'data', 'outbox', 'analytics');
      const sales = readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
      expect(sales.map((sale) => (JSON.parse(sale) as { orderId: string }).orderId).sort()).toEqual(
        Array.from({ length: 50 }, (_, n) => `o-burst-${n}`).sort(),
      );
    } finally {
      await t.stop();
    }
  }, 120_000);
});

describe('the console shows which batch delivered an event', () => {
  it('shows the batch, its size, attempt and outcome in the event view', async () => {
    const t = await startTestBus((out) => [batchSubscriptions(out).queue!]);
    const browser = await openChromium();
    try {
      const { page } = browser;
      await page.goto(t.bus.url + '/', { timeout: 60_000 });
      await page.waitForSelector('#connection:text("live")', { timeout: 60_000 });
      const result = await t.client.send(
        new PutEventsCommand({
          Entries: [job('queue', { n: 1 }), job('queue', { n: 2, behaviour: 'poison' })],
        }),
      );
      const [ok, poison] = result.Entries!.map((e) => e.EventId!);
      const view = await settled(t.bus, poison!, 20_000);
      await page.locator(`[data-testid="event-row"][data-id="${ok}"]`).click();
      const first = page.locator('[data-testid="attempt-batch"]').first();
      await first.waitFor();
      const batch = view.deliveries[0]!.attempts[0]!.batch!;
      expect(await first.getAttribute('data-batch')).toBe(batch.id);
      expect(await first.textContent()).toBe(
        `queue batch ${batch.id.slice(0, 8)} of 2 records, attempt 1: partial, 1 of 2 failed`,
      );
      await page.locator(`[data-testid="event-row"][data-id="${poison}"]`).click();
      await page.waitForSelector('[data-testid="delivery"][data-status="failed"]');
      expect(await page.locator('[data-testid="attempt-batch"]').count()).toBe(5);
      expect(await page.locator('[data-testid="attempt-batch"]').last().textContent()).toMatch(
        /^queue batch \w{8} of 1 record, attempt 1: partial, 1 of 1 failed$/,
      );
    } finally {
      await browser.close();
      await t.stop();
    }
  }, 120_000);
});

describe('batch delivery across a kill', () => {
  it('loses nothing queued when the bus is killed with messages in flight and restarted', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const outFile = join(dir, 'out.jsonl');
    const handlers = join(__dirname, 'fixtures', 'batch-subscriptions.ts');
    const first = await startBusProcess(dataDir, outFile, { handlers });
    const entries = Array.from({ length: 20 }, (_, n) => job('slow', { n }));
    const ids: string[] = [];
    for (let i = 0; i < entries.length; i += 10) {
      const response = await fetch(first.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
        body: JSON.stringify({ Entries: entries.slice(i, i + 10) }),
      });
      const body = (await response.json()) as { FailedEntryCount: number; Entries: { EventId: string }[] };
      expect(body.FailedEntryCount).toBe(0);
      ids.push(...body.Entries.map((e) => e.EventId));
    }
    await waitFor(() => invocations(outFile, 'batch-slow').length >= 1, 10_000, 'a first batch');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const handledBefore = new Set(
      invocations(outFile, 'batch-slow').flatMap((r) => r.records.map((x) => x.id)),
    );
    // The kill found messages still queued: otherwise this test would prove nothing.
    expect(handledBefore.size).toBeLessThan(ids.length);

    const second = await startBusProcess(dataDir, outFile, { handlers });
    try {
      await waitFor(
        () => {
          const handled = new Set(
            invocations(outFile, 'batch-slow').flatMap((r) => r.records.map((x) => x.id)),
          );
          return ids.every((id) => handled.has(id));
        },
        20_000,
        'every queued event to be handled after the restart',
      );
      for (const id of ids) {
        const view = await waitFor(async () => {
          const response = await fetch(`${second.url}/_paved/events/${id}`);
          const body = (await response.json()) as EventView;
          return response.status === 200 && body.deliveries.every((d) => d.status !== 'pending')
            ? body
            : undefined;
        }, 20_000);
        expect(view.deliveries.map((d) => d.status)).toEqual(['succeeded']);
      }
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
