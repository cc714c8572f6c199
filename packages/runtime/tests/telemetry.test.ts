import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SpanKind, SpanStatusCode, trace as otelTrace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { type APIGatewayProxyEventV2 } from 'aws-lambda';
import { createPublisher, defineApiHandler, defineHandler } from '../src';
import type * as Provider from '../src/telemetry/provider';
import { registerTracing } from '../src/telemetry/provider';
import { OtlpHttpJsonSpanExporter } from '../src/telemetry/otlp-http-exporter';
import { XRayUdpSpanExporter } from '../src/telemetry/xray-udp-exporter';
import { createOrder } from './support/api';
import { OrderCreated, StockReserved } from './support/contracts';
import { answer, eventBridge, PutEventsCommand, sentCalls } from './support/event-bridge';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PRODUCER_SPAN = '00f067aa0ba902b7';
const spans = new InMemorySpanExporter();
// The runtime's own setup (the one PAVED_TRACING=xray registers), with an in-memory exporter instead of UDP.
registerTracing(spans, { POWERTOOLS_SERVICE_NAME: 'orders' });

const publisher = createPublisher({
  client: new EventBridgeClient({ region: 'eu-west-1' }),
  eventBusName: 'b',
});
const reserveStock = defineHandler(OrderCreated, (order) =>
  publisher.publish(StockReserved, { orderId: order.orderId, skus: ['SKU-1'] }),
);

let nextId = 0;
/** The order-created fixture under a new id, published by span PRODUCER_SPAN of trace TRACE; `null`: untraced. */
function tracedEvent(traceparent: string | null = `00-${TRACE}-${PRODUCER_SPAN}-01`) {
  const event = loadEvent('order-created') as { detail: Record<string, unknown> };
  nextId += 1;
  return {
    ...event,
    id: `a1b2c3d4-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    detail: { ...event.detail, _meta: traceparent ? { traceparent } : {} },
  };
}

const named = (prefix: string): ReadableSpan => {
  const found = spans.getFinishedSpans().find((span) => span.name.startsWith(prefix));
  if (!found)
    throw new Error(
      `No finished span named ${prefix}…: ${spans
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  return found;
};

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
  logs = captureLogs();
  spans.reset();
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(answer());
});
afterEach(() => logs.restore());

describe('OpenTelemetry spans', () => {
  it("makes the handler's span a child of the span that published the event (_meta.traceparent)", async () => {
    await reserveStock(tracedEvent(), fakeContext());
    const handled = named(`handle ${OrderCreated.name}`);
    expect(handled.spanContext().traceId).toBe(TRACE);
    expect(handled.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(handled.parentSpanContext?.isRemote).toBe(true);
    expect(handled.kind).toBe(SpanKind.CONSUMER);
    expect(handled.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(handled.attributes['faas.invocation_id']).toBe(fakeContext().awsRequestId);
    expect(handled.resource.attributes['service.name']).toBe('orders');
  });

  it("publishes as a child span, and the published event carries that span's context", async () => {
    await reserveStock(tracedEvent(), fakeContext());
    const handled = named('handle ');
    const published = named(`publish ${StockReserved.name}`);
    expect(published.kind).toBe(SpanKind.PRODUCER);
    expect(published.parentSpanContext?.spanId).toBe(handled.spanContext().spanId);
    expect(published.spanContext().traceId).toBe(TRACE);

    const [entry] = sentCalls().flat();
    const meta = JSON.parse(entry!.Detail ?? '')._meta as { traceparent: string };
    expect(meta.traceparent).toBe(`00-${TRACE}-${published.spanContext().spanId}-01`);
    expect(entry!.TraceHeader).toBe(
      `Root=1-${TRACE.slice(0, 8)}-${TRACE.slice(8)};Parent=${published.spanContext().spanId};Sampled=1`,
    );
  });

  it('chains two hops into one trace: the consumer of a published event is a child of its publish span', async () => {
    await reserveStock(tracedEvent(), fakeContext());
    const [entry] = sentCalls().flat();
    const next = defineHandler(StockReserved, () => undefined);
    const delivered = {
      ...loadEvent('order-created'),
      id: 'b0000000-0000-4000-8000-000000000001',
      source: entry!.Source,
      'detail-type': entry!.DetailType,
      detail: JSON.parse(entry!.Detail ?? ''),
    };
    await next(delivered, fakeContext('second-invocation'));
    const second = named(`handle ${StockReserved.name}`);
    expect(second.spanContext().traceId).toBe(TRACE);
    expect(second.parentSpanContext?.spanId).toBe(named('publish ').spanContext().spanId);
  });

  it("links to Lambda's own X-Ray trace when it differs from the event's (a replay or redrive started one)", async () => {
    const saved = process.env['_X_AMZN_TRACE_ID'];
    process.env['_X_AMZN_TRACE_ID'] =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    try {
      await reserveStock(tracedEvent(), fakeContext());
      const handled = named('handle ');
      expect(handled.spanContext().traceId).toBe(TRACE);
      expect(handled.links.map((link) => link.context.spanId)).toEqual(['53995c3f42cd8ad8']);
      expect(handled.links[0]!.context.traceId).toBe('5759e988bd862e3fe1be46a994272793');

      spans.reset();
      await reserveStock(tracedEvent(null), fakeContext());
      const untraced = named('handle ');
      expect(untraced.spanContext().traceId).toBe('5759e988bd862e3fe1be46a994272793');
      expect(untraced.parentSpanContext?.spanId).toBe('53995c3f42cd8ad8');
      expect(untraced.links).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env['_X_AMZN_TRACE_ID'];
      else process.env['_X_AMZN_TRACE_ID'] = saved;
    }
  });

  it('starts a new trace, with an X-Ray-compatible id (epoch seconds first), when nothing names one', async () => {
    await reserveStock(tracedEvent(null), fakeContext());
    const handled = named('handle ');
    expect(handled.parentSpanContext).toBeUndefined();
    const seconds = parseInt(handled.spanContext().traceId.slice(0, 8), 16);
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(60);
  });

  it('marks a failed invocation and a failed publish with the error and its failure class', async () => {
    eventBridge.reset();
    eventBridge
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('Access denied'), { name: 'AccessDeniedException' }));
    const failing = defineHandler(OrderCreated, (order) =>
      createPublisher({
        client: new EventBridgeClient({ region: 'eu-west-1' }),
        eventBusName: 'b',
        maxAttempts: 1,
      }).publish(StockReserved, { orderId: order.orderId, skus: ['SKU-1'] }),
    );
    await expect(failing(tracedEvent(), fakeContext())).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    const handled = named('handle ');
    expect(handled.status.code).toBe(SpanStatusCode.ERROR);
    expect(handled.attributes['paved.failure_class']).toBe('transient');
    expect(handled.events.map((event) => event.name)).toContain('exception');
    const published = named('publish ');
    expect(published.status.code).toBe(SpanStatusCode.ERROR);
    expect(published.status.message).toContain('PublishError');
  });

  it('refuses an unknown PAVED_TRACING with its code, and leaves a provider registered before in place', () => {
    jest.isolateModules(() => {
      // A fresh copy of the module: the handlers above already read this process's environment once.
      const fresh = jest.requireActual<typeof Provider>('../src/telemetry/provider');
      const before = otelTrace.getTracerProvider();
      expect(() => fresh.tracingFromEnvironment({ PAVED_TRACING: 'jaeger' })).toThrow(
        expect.objectContaining({
          code: 'INVALID_TELEMETRY_CONFIG',
          message: expect.stringContaining('Invalid PAVED_TRACING "jaeger": use "xray"'),
        }),
      );
      fresh.tracingFromEnvironment({ PAVED_TRACING: 'xray' });
      expect(otelTrace.getTracerProvider()).toBe(before);
    });
  });
});

describe('API spans', () => {
  it("makes the request's span a child of the caller's traceparent, and its publish a child of it", async () => {
    const api = defineApiHandler(
      createOrder,
      async (order, { publish }) => {
        await publish(OrderCreated, { orderId: 'o-9', ...order });
        return { status: 202 };
      },
      { publisher },
    );
    const request = loadEvent('http-api-post-orders') as unknown as APIGatewayProxyEventV2;
    const answered = await api(
      {
        ...request,
        headers: { ...request.headers, traceparent: `00-${TRACE}-${PRODUCER_SPAN}-01` },
        body: JSON.stringify({ customerId: 'c-1', items: [{ sku: 'SKU-1', quantity: 1 }], total: 5 }),
      },
      fakeContext(),
    );
    expect(answered.statusCode).toBe(202);
    const served = named('POST /orders');
    expect(served.kind).toBe(SpanKind.SERVER);
    expect(served.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(served.attributes['http.response.status_code']).toBe(202);
    const published = named(`publish ${OrderCreated.name}`);
    expect(published.parentSpanContext?.spanId).toBe(served.spanContext().spanId);
    const [entry] = sentCalls().flat();
    expect(JSON.parse(entry!.Detail ?? '')._meta.traceparent).toBe(
      `00-${TRACE}-${published.spanContext().spanId}-01`,
    );
  });
});

describe('XRayUdpSpanExporter', () => {
  it("sends spans to the daemon's address as one datagram: header line, T1S, base64 OTLP protobuf", async () => {
    const daemon = createSocket('udp4');
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const received = new Promise<Buffer>((resolve) => daemon.once('message', resolve));
    try {
      await reserveStock(tracedEvent(), fakeContext());
      const [span] = spans.getFinishedSpans();
      const exporter = new XRayUdpSpanExporter(`127.0.0.1:${daemon.address().port}`);
      const result = await new Promise<{ code: number }>((resolve) => exporter.export([span!], resolve));
      expect(result.code).toBe(0);
      const message = (await received).toString('utf8');
      const [header, body] = message.split('\n');
      expect(JSON.parse(header!)).toEqual({ format: 'json', version: 1 });
      expect(body!.startsWith('T1S')).toBe(true);
      const protobuf = Buffer.from(body!.slice(3), 'base64');
      // The span's name and its trace id's bytes are in the OTLP request.
      expect(protobuf.includes(Buffer.from(span!.name))).toBe(true);
      expect(protobuf.includes(Buffer.from(TRACE, 'hex'))).toBe(true);
      await exporter.shutdown();
    } finally {
      daemon.close();
    }
  });

  it('refuses a daemon address that is not host:port, saying what it got', () => {
    expect(() => new XRayUdpSpanExporter('localhost')).toThrow(
      expect.objectContaining({
        code: 'INVALID_TELEMETRY_CONFIG',
        message: expect.stringContaining('"localhost"'),
      }),
    );
  });
});

describe('OtlpHttpJsonSpanExporter', () => {
  it("posts spans as OTLP/HTTP JSON to the collector's traces URL", async () => {
    const bodies: { url?: string; type?: string; body: string }[] = [];
    const collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push({ url: request.url, type: request.headers['content-type'], body });
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      await reserveStock(tracedEvent(), fakeContext());
      const finished = spans.getFinishedSpans();
      const address = collector.address() as { port: number };
      const exporter = new OtlpHttpJsonSpanExporter(`http://127.0.0.1:${address.port}/v1/traces`);
      const result = await new Promise<{ code: number }>((resolve) =>
        exporter.export([...finished], resolve),
      );
      expect(result.code).toBe(0);
      expect(bodies).toHaveLength(1);
      expect(bodies[0]!.url).toBe('/v1/traces');
      expect(bodies[0]!.type).toBe('application/json');
      const request = JSON.parse(bodies[0]!.body) as {
        resourceSpans: { scopeSpans: { spans: { name: string; traceId: string }[] }[] }[];
      };
      const sent = request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((scope) => scope.spans));
      expect(sent.map((span) => span.name).sort()).toEqual(finished.map((span) => span.name).sort());
      expect(new Set(sent.map((span) => span.traceId))).toEqual(new Set([TRACE]));
    } finally {
      collector.close();
    }
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    expect(() => new OtlpHttpJsonSpanExporter('localhost:4318')).toThrow(
      expect.objectContaining({
        code: 'INVALID_TELEMETRY_CONFIG',
        message: expect.stringContaining('"localhost:4318"'),
      }),
    );
  });
});
