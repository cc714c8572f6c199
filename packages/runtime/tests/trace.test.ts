import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createPublisher, defineHandler } from '../src';
import { continueTrace, traceIdOf, traceIdOfXRay, traceparentOf, xrayHeaderOf } from '../src/trace';
import { OrderCreated, StockReserved } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';
import { answer, eventBridge, PutEventsCommand, sentCalls } from './support/event-bridge';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const publisher = createPublisher({
  client: new EventBridgeClient({ region: 'eu-west-1' }),
  eventBusName: 'b',
});
const handler = defineHandler(OrderCreated, (order) =>
  publisher.publish(StockReserved, { orderId: order.orderId, skus: ['SKU-1'] }),
);

/** The order-created fixture, as published by a producer whose span was `00f067aa0ba902b7` of trace TRACE. */
function tracedEvent() {
  const event = loadEvent('order-created') as { detail: Record<string, unknown> };
  return { ...event, detail: { ...event.detail, _meta: { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` } } };
}

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(answer());
});
afterEach(() => logs.restore());

describe('trace context', () => {
  it('continues the trace of the handled event in what it publishes, as traceparent and X-Ray TraceHeader', async () => {
    await handler(tracedEvent(), fakeContext());
    const [entry] = sentCalls().flat();
    const traceparent = JSON.parse(entry!.Detail ?? '')._meta.traceparent as string;
    expect(traceIdOf(traceparent)).toBe(TRACE);
    expect(traceparent).not.toContain('00f067aa0ba902b7');
    expect(entry!.TraceHeader).toBe(
      `Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=${traceparent.slice(36, 52)};Sampled=1`,
    );
  });

  it('puts the trace id on every log line of the invocation', async () => {
    await handler(tracedEvent(), fakeContext());
    const lines = logs.lines();
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line['trace_id']).toBe(TRACE);
  });

  it("starts from Lambda's X-Ray trace when the event carries none, else a new one", async () => {
    const saved = process.env['_X_AMZN_TRACE_ID'];
    process.env['_X_AMZN_TRACE_ID'] =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    try {
      await handler(loadEvent('order-created'), fakeContext());
    } finally {
      if (saved === undefined) delete process.env['_X_AMZN_TRACE_ID'];
      else process.env['_X_AMZN_TRACE_ID'] = saved;
    }
    // Another event: the same one again would be a repeated delivery, which publishes nothing.
    await handler(
      { ...loadEvent('order-created'), id: 'f6a1c2d3-0000-4000-8000-000000000002' },
      fakeContext(),
    );
    const [fromXRay, fresh] = sentCalls()
      .flat()
      .map((entry) => traceIdOf(JSON.parse(entry.Detail ?? '')._meta.traceparent as string));
    expect(fromXRay).toBe('5759e988bd862e3fe1be46a994272793');
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh).not.toBe(fromXRay);
  });

  it('reads only valid trace headers', () => {
    expect(traceIdOf(`00-${TRACE}-00f067aa0ba902b7-01`)).toBe(TRACE);
    expect(traceIdOf(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdOf('garbage')).toBeUndefined();
    expect(traceIdOfXRay('Root=1-5759e988-bd862e3fe1be46a994272793')).toBe(
      '5759e988bd862e3fe1be46a994272793',
    );
    const trace = continueTrace(undefined, TRACE);
    expect(traceparentOf(trace)).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
    expect(xrayHeaderOf(trace)).toMatch(
      /^Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=[0-9a-f]{16};Sampled=1$/,
    );
  });
});
