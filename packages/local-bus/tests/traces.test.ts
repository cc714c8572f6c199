import { DescribeReplayCommand, PutEventsCommand, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type EventView } from '../src';
import { runCli } from '../src/cli/main';
import { type CliIo } from '../src/cli/io';
import {
  type AttemptNode,
  type DeliveryNode,
  type EventNode,
  type RequestNode,
  type Trace,
  type TraceNode,
  type TraceSummary,
} from '../src/core/traces';
import { tinyPng } from './fixtures/png';
import { startChainBus, type ChainBus } from './fixtures/traces-audit';
import { getJson, waitFor } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
/** The orders service's handlers of OrderCreated: the five the chain must reach. */
const ORDER_HANDLERS = [
  'orders-reserve-stock',
  'orders-charge-payment',
  'orders-send-order-confirmation',
  'orders-notify-warehouse',
  'orders-record-sale-analytics',
];
const AUDIT = 'audit-audit-order';
const AUDIT_DLQ = `${AUDIT}-failure-dlq`;
const ARCHIVE = 'arn:aws:events:us-east-1:000000000000:archive/paved-archive';
const BUS = 'arn:aws:events:us-east-1:000000000000:event-bus/paved';

interface Placed {
  readonly node: TraceNode;
  readonly parent: TraceNode | undefined;
  readonly depth: number;
}

/** Every node of the trace, depth first, with its parent. */
function walk(trace: Trace): Placed[] {
  const placed: Placed[] = [];
  const visit = (node: TraceNode, parent: TraceNode | undefined, depth: number): void => {
    placed.push({ node, parent, depth });
    for (const child of node.children) visit(child, node, depth + 1);
  };
  for (const root of trace.roots) visit(root, undefined, 0);
  return placed;
}

const ofKind = <K extends TraceNode['kind']>(trace: Trace, ...kinds: K[]) =>
  walk(trace).filter((p): p is Placed & { node: TraceNode & { kind: K } } =>
    (kinds as string[]).includes(p.node.kind),
  );

/** The event nodes of one detail-type. */
const eventsOf = (trace: Trace, detailType: string) =>
  ofKind(trace, 'event').filter((p) => p.node.detailType === detailType);

/** The (non-replay, non-redrive) delivery of an event node to a rule. */
const deliveryTo = (event: EventNode, rule: string, kind: DeliveryNode['kind'] = 'delivery') =>
  event.children.find((c): c is DeliveryNode => c.kind === kind && c.rule === rule);

/**
 * Checks what must hold of every hop of a trace: each event carries a traceparent of `traceId`, its causation id
 * names the node it hangs under (an event, or the request), and every structured log line of every attempt and of
 * the request carries `traceId`. Returns the number of log lines checked.
 */
function expectOneTrace(trace: Trace, traceId: string): number {
  expect(trace.traceId).toBe(traceId);
  let lines = 0;
  const parents = new Map(walk(trace).map((p) => [p.node, p.parent]));
  for (const { node, parent } of walk(trace)) {
    if (node.kind === 'event') {
      expect({ event: node.eventId, traceparent: node.traceparent }).toEqual({
        event: node.eventId,
        traceparent: expect.stringMatching(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`)),
      });
      // Its cause is the nearest event or request above it (a handler's events hang under its attempt).
      let cause = parent;
      while (cause && cause.kind !== 'event' && cause.kind !== 'request') cause = parents.get(cause);
      expect({ event: node.eventId, causationId: node.causationId }).toEqual({
        event: node.eventId,
        causationId: cause?.kind === 'request' ? `request:${cause.requestId}` : cause?.eventId,
      });
    }
    if (node.kind === 'attempt' || node.kind === 'request') {
      // Structured lines are the runtime's logger's; Node's own warnings (the AWS SDK's) are not the handler's.
      const structured = node.logs
        .filter((line) => line.startsWith('{'))
        .map((line) => [line, JSON.parse(line) as Record<string, unknown>] as const)
        // A queue or stream batch's own summary ("Batch handled") speaks for every record it carried, of any trace.
        .filter(([, fields]) => !(fields['delivery'] !== undefined && fields['records'] !== undefined));
      expect(structured.length).toBeGreaterThan(0);
      for (const [line, { trace_id }] of structured) {
        expect({ node: node.id, line, trace_id }).toEqual({ node: node.id, line, trace_id: traceId });
        lines += 1;
      }
    }
  }
  return lines;
}

/** A CLI run's output. */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: process.cwd(),
    stopSignal: new Promise(() => undefined),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('one trace across the chain', () => {
  let t: ChainBus;
  /** Set by the first test: the order's request, event and trace. */
  let requestId: string;
  let orderEventId: string;
  let traceId: string;

  const trace = async (id = traceId) => (await getJson<Trace>(t.bus, `/_paved/traces/${id}`)).body;
  /** The trace once `ready` holds of it. */
  const traceWhen = (ready: (trace: Trace) => boolean, what: string) =>
    waitFor(
      async () => {
        const { status, body } = await getJson<Trace>(t.bus, `/_paved/traces/${traceId}`);
        return status === 200 && ready(body) && body;
      },
      30_000,
      what,
    );

  beforeAll(async () => {
    t = await startChainBus(ROOT);
  }, 60_000);
  afterAll(() => t.stop());

  it('follows POST /orders through OrderCreated, its five handlers, the payment event and its handler under one trace id', async () => {
    const response = await fetch(`${t.bus.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customerId: 'c-trace',
        email: 'trace@example.com',
        currency: 'EUR',
        lines: [{ sku: 'BOOK-TRACE', quantity: 2, unitPriceMinor: 1_500 }],
      }),
    });
    expect(response.status).toBe(202);
    requestId = response.headers.get('apigw-requestid')!;
    orderEventId = ((await response.json()) as { eventId: string }).eventId;
    const event = await getJson<EventView & { traceId: string }>(t.bus, `/_paved/events/${orderEventId}`);
    traceId = event.body.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const done = await traceWhen((tr) => {
      const payment = ofKind(tr, 'event').find((p) => p.node.detailType.startsWith('Payment'));
      const order = eventsOf(tr, 'OrderCreated')[0]?.node;
      return (
        !!order &&
        [...ORDER_HANDLERS, AUDIT].every((rule) => {
          const outcome = deliveryTo(order, rule)?.outcome;
          return outcome !== undefined && outcome !== 'pending';
        }) &&
        !!payment &&
        payment.node.children.length > 0 &&
        payment.node.children.every((d) => d.outcome !== 'pending')
      );
    }, 'the chain to settle');

    // The API request started it, and its function logged the trace id the events carry.
    expect(done.roots).toHaveLength(1);
    const request = done.roots[0] as RequestNode;
    expect(request).toMatchObject({
      kind: 'request',
      requestId,
      method: 'POST',
      path: '/orders',
      status: 202,
    });
    const [order] = eventsOf(done, 'OrderCreated');
    expect(order!.parent).toBe(request);
    expect(order!.node).toMatchObject({ eventId: orderEventId, causationId: `request:${requestId}` });
    for (const rule of ORDER_HANDLERS) expect(deliveryTo(order!.node, rule)?.outcome).toBe('succeeded');

    // charge-payment's attempt published the payment event; the notifications service handled it.
    const payment = ofKind(done, 'event').find((p) => p.node.detailType.startsWith('Payment'))!;
    const charge = deliveryTo(order!.node, 'orders-charge-payment')!;
    expect(payment.parent!.kind).toBe('attempt');
    expect(charge.children).toContain(payment.parent);
    expect(payment.node.causationId).toBe(orderEventId);
    expect(payment.node.children.map((d) => (d as DeliveryNode).rule)).toEqual([
      payment.node.detailType === 'PaymentCaptured'
        ? 'notifications-send-payment-receipt'
        : 'notifications-notify-payment-declined',
    ]);
    expect(payment.node.outcome).toBe('succeeded');

    // The audit fixture failed twice (one retry) and went to its failure DLQ: visible as attempts and a DLQ hop.
    const audit = deliveryTo(order!.node, AUDIT)!;
    expect(audit.children.map((c) => `${c.kind}:${c.outcome}`)).toEqual([
      'attempt:failed',
      'attempt:failed',
      'dlq:failed',
    ]);
    expect((audit.children[0] as AttemptNode).error?.errorMessage).toContain('audit store unavailable');
    expect(done.outcome).toBe('failed');
    expect(done.counts).toMatchObject({
      requests: 1,
      events: 2,
      deliveries: 7,
      attempts: 8,
      failedAttempts: 2,
      dlq: 1,
    });

    // Every hop kept the context, and every structured log line (request, 5 + 1 + 1 handlers) carries the trace id.
    expect(expectOneTrace(done, traceId)).toBeGreaterThanOrEqual(8);
    expect(done.correlationIds).toEqual([requestId]);

    // Children start no earlier than their parents, and the trace spans them all.
    for (const { node, parent } of walk(done)) {
      if (parent) expect(node.start).toBeGreaterThanOrEqual(parent.start - 1);
      expect(node.end).toBeLessThanOrEqual(done.end);
    }
  }, 60_000);

  it('finds the trace by source, detail-type, correlation id and text, and answers 404 for an unknown trace', async () => {
    const search = async (query: string) =>
      (await getJson<{ traces: TraceSummary[] }>(t.bus, `/_paved/traces?${query}`)).body.traces.map(
        (s) => s.traceId,
      );
    const payment = ofKind(await trace(), 'event').find((p) => p.node.detailType.startsWith('Payment'))!;
    expect(await search('source=myapp.orders')).toContain(traceId);
    expect(await search(`detailType=${payment.node.detailType}`)).toEqual([traceId]);
    expect(await search(`correlationId=${encodeURIComponent(requestId)}`)).toEqual([traceId]);
    expect(await search('q=BOOK-TRACE')).toEqual([traceId]);
    expect(await search('q=audit%20store%20unavailable')).toEqual([traceId]);
    expect(await search(`q=${traceId}`)).toEqual([traceId]);
    expect(await search('q=no-such-thing-anywhere')).toEqual([]);
    expect(await search('source=myapp.orders&detailType=user_signup')).toEqual([]);
    const [summary] = (await getJson<{ traces: TraceSummary[] }>(t.bus, `/_paved/traces?q=BOOK-TRACE`)).body
      .traces;
    expect(summary).toMatchObject({
      traceId,
      root: { kind: 'request', id: requestId, name: 'POST /orders → 202' },
      outcome: 'failed',
      counts: { events: 2, dlq: 1 },
    });
    expect(summary).not.toHaveProperty('roots');

    const unknown = await getJson<{ __type: string; message: string }>(
      t.bus,
      `/_paved/traces/${'ab'.repeat(16)}`,
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.__type).toBe('ResourceNotFoundException');
    expect(unknown.body.message).toContain(`No trace ${'ab'.repeat(16)}`);
    const malformed = await getJson<{ __type: string; message: string }>(t.bus, '/_paved/traces/not-a-trace');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ __type: 'ValidationException' });
    expect(malformed.body.message).toContain('"not-a-trace" is not a trace id');
  });

  it('gives events without trace context the trace of their cause, or one derived from their causation root', async () => {
    const put = async (detail: Record<string, unknown>) =>
      (
        await t.client.send(
          new PutEventsCommand({
            Entries: [
              {
                Source: 'test.untraced',
                DetailType: 'noted',
                Detail: JSON.stringify(detail),
                EventBusName: 'paved',
              },
            ],
          }),
        )
      ).Entries![0]!.EventId!;
    const rootId = await put({ n: 1 });
    const childId = await put({ n: 2, _meta: { causationId: rootId } });
    const derived = createHash('sha256').update(`event:${rootId}`).digest('hex').slice(0, 32);
    for (const id of [rootId, childId])
      expect((await getJson<{ traceId: string }>(t.bus, `/_paved/events/${id}`)).body.traceId).toBe(derived);
    const untraced = await trace(derived);
    expect(untraced.roots).toHaveLength(1);
    expect(untraced.roots[0]).toMatchObject({ kind: 'event', eventId: rootId, outcome: 'unmatched' });
    expect(untraced.roots[0]!.children).toEqual([
      expect.objectContaining({ kind: 'event', eventId: childId, causationId: rootId }),
    ]);
    // Not part of the order's trace.
    expect(walk(await trace()).some((p) => p.node.id === `event:${rootId}`)).toBe(false);
  });

  it("keeps an upload's chain in one trace: the handler of its S3 event continues it through _X_AMZN_TRACE_ID", async () => {
    const { body: listed } = await getJson<{ buckets: { name: string; service: string; id: string }[] }>(
      t.bus,
      '/_paved/buckets',
    );
    const bucket = listed.buckets.find((b) => b.service === 'media')!;
    expect(bucket).toBeDefined();
    const response = await fetch(`${t.bus.url}/_paved/s3/${bucket.name}/traced/cat.png`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: tinyPng(4, 3),
    });
    expect(response.status).toBe(200);
    const upload = (await response.json()) as { requestId: string; eventId: string };
    // S3's event carries no trace context: its trace is derived from the upload, its causation root.
    const uploadTrace = createHash('sha256').update(`upload:${upload.requestId}`).digest('hex').slice(0, 32);
    const event = await getJson<{ traceId: string }>(t.bus, `/_paved/events/${upload.eventId}`);
    expect(event.body.traceId).toBe(uploadTrace);

    const thumbnailAttempts = (tree: Trace) =>
      ofKind(tree, 'delivery')
        .filter((p) => /create-thumbnail/.test(p.node.rule))
        .flatMap((p) => p.node.children.filter((c): c is AttemptNode => c.kind === 'attempt'));
    const tree = await waitFor(
      async () => {
        const { status, body } = await getJson<Trace>(t.bus, `/_paved/traces/${uploadTrace}`);
        return status === 200 && thumbnailAttempts(body).some((a) => a.outcome === 'succeeded') && body;
      },
      30_000,
      'the create-thumbnail invocation in the upload trace',
    );
    expect(tree.traceId).toBe(uploadTrace);
    // The upload is the one root; its S3 event (and the copy the default bus forwards to paved) hang under it.
    expect(tree.roots).toEqual([
      expect.objectContaining({ kind: 'request', requestKind: 'upload', requestId: upload.requestId }),
    ]);
    const events = ofKind(tree, 'event').map((p) => p.node);
    expect(events.map((e) => e.eventId)).toContain(upload.eventId);
    expect(events.every((e) => e.detailType === 'Object Created')).toBe(true);
    // The handler's every structured log line carries the upload's trace id: it continued the trace Lambda's
    // header (here the bus's) named, instead of starting one of its own.
    const [attempt] = thumbnailAttempts(tree);
    const logged = attempt!.logs
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { trace_id?: string }).trace_id);
    expect(logged.length).toBeGreaterThan(0);
    expect(new Set(logged)).toEqual(new Set([uploadTrace]));
    // Nothing it did split off into a trace of its own: no other trace holds an event of this upload's chain.
    const { body: found } = await getJson<{ traces: TraceSummary[] }>(
      t.bus,
      `/_paved/traces?q=${upload.requestId}`,
    );
    expect(found.traces.map((s) => s.traceId)).toEqual([uploadTrace]);
  });

  it('keeps the trace through a DLQ redrive: the redriven delivery, its attempt and its logs carry it', async () => {
    rmSync(t.failFile);
    const redrive = await fetch(`${t.bus.url}/_paved/dlq/${AUDIT_DLQ}/redrive`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await redrive.json()).toEqual({ redriven: 1 });
    const after = await traceWhen((tr) => {
      const order = eventsOf(tr, 'OrderCreated')[0]!.node;
      return deliveryTo(order, AUDIT, 'redrive')?.outcome === 'succeeded';
    }, 'the redriven delivery');
    const order = eventsOf(after, 'OrderCreated')[0]!.node;
    const redriven = deliveryTo(order, AUDIT, 'redrive')!;
    expect(redriven).toMatchObject({ origin: { kind: 'redrive', queue: AUDIT_DLQ } });
    expect(redriven.children.map((c) => `${c.kind}:${c.outcome}`)).toEqual(['attempt:succeeded']);
    expect((redriven.children[0] as AttemptNode).logs.join('\n')).toContain('Order audited');
    // The DLQ hop now shows it was redriven, and the order (each rule's latest delivery) succeeded.
    expect(deliveryTo(order, AUDIT)!.children.at(-1)).toMatchObject({ kind: 'dlq', outcome: 'redriven' });
    expect(order.outcome).toBe('succeeded');
    expect(after.counts.redrives).toBe(1);
    expect(after.roots).toHaveLength(1);
    expectOneTrace(after, traceId);
  }, 45_000);

  it('keeps the trace through a replay of the archive: replayed deliveries and what they publish carry it', async () => {
    // Event times have whole seconds: the window starts a second before the order's.
    const from = Math.floor(eventsOf(await trace(), 'OrderCreated')[0]!.node.start / 1000) * 1000 - 1000;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await t.client.send(
      new StartReplayCommand({
        ReplayName: 'trace-replay',
        EventSourceArn: ARCHIVE,
        EventStartTime: new Date(from),
        EventEndTime: new Date(),
        Destination: { Arn: BUS },
      }),
    );
    await waitFor(
      async () =>
        (await t.client.send(new DescribeReplayCommand({ ReplayName: 'trace-replay' }))).State ===
        'COMPLETED',
      10_000,
      'the replay to complete',
    );
    const after = await traceWhen((tr) => {
      const replays = ofKind(tr, 'replay');
      return (
        replays.length >= ORDER_HANDLERS.length + 2 && replays.every((p) => p.node.outcome !== 'pending')
      );
    }, 'the replayed deliveries to settle');
    const order = eventsOf(after, 'OrderCreated')[0]!.node;
    for (const rule of [...ORDER_HANDLERS, AUDIT]) {
      const replayed = deliveryTo(order, rule, 'replay');
      expect({ rule, outcome: replayed?.outcome, origin: replayed?.origin }).toEqual({
        rule,
        outcome: 'succeeded',
        origin: { kind: 'replay', name: 'trace-replay' },
      });
    }
    // The payment event was archived too: its replayed delivery is in the trace, under the same event.
    const payment = ofKind(after, 'event').find((p) => p.node.detailType.startsWith('Payment'))!.node;
    expect(payment.children.some((c) => c.kind === 'replay' && c.outcome === 'succeeded')).toBe(true);
    expect(after.roots).toHaveLength(1);
    expect(after.counts.replays).toBeGreaterThanOrEqual(ORDER_HANDLERS.length + 2);
    expectOneTrace(after, traceId);
  }, 60_000);

  it('prints the tree with `paved trace <event id>`, and the raw tree with --json', async () => {
    const printed = await cli('trace', orderEventId, '--endpoint-url', t.bus.url);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    const lines = printed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^trace ${traceId} · succeeded · \\d+ ms · 1 request, \\d+ events, `),
    );
    expect(lines[1]).toMatch(
      /^ +\+0 ms {2}request POST \/orders → 202 · \d+ ms · succeeded · orders-create-order request /,
    );
    expect(lines[2]).toMatch(/^ +\+\d+ ms {2}└─ event myapp\.orders \/ OrderCreated · \d+ ms · succeeded · /);
    // Deliveries one level deeper, attempts deeper still, each with its duration and outcome.
    expect(lines).toContainEqual(
      expect.stringMatching(/^ +\+\d+ ms {5}├─ delivery orders-reserve-stock · \d+ ms · succeeded$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        / {5}│ {2}├─ attempt invoke #1 · \d+ ms · failed · [0-9a-f-]+: HandlerError: .*audit store unavailable/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/└─ dlq audit-audit-order-failure-dlq · 0 ms · redriven · RetriesExhausted/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /├─ redrive audit-audit-order \(redrive from audit-audit-order-failure-dlq\) · \d+ ms · succeeded$/,
      ),
    );

    const byTraceId = await cli('trace', traceId, '--endpoint-url', t.bus.url);
    expect(byTraceId.stdout.split('\n').length).toBe(printed.stdout.split('\n').length);

    const json = await cli('trace', orderEventId, '--json', '--endpoint-url', t.bus.url);
    const parsed = JSON.parse(json.stdout) as Trace;
    expect(parsed).toMatchObject({ traceId, roots: [{ kind: 'request', requestId }] });

    const withLogs = await cli('trace', traceId, '--logs', '--endpoint-url', t.bus.url);
    expect(withLogs.stdout).toContain('"message":"Order audited"');

    const unknown = await cli('trace', 'no-such-event', '--endpoint-url', t.bus.url);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('paved trace: ResourceNotFoundException: Event no-such-event is not in');
    const missing = await cli('trace', '--endpoint-url', t.bus.url);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing the event or trace id');
  });
});
