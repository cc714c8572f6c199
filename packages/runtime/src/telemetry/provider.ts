import { randomBytes } from 'node:crypto';
import { context as otelContext, trace as otelTrace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  type IdGenerator,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { TelemetryConfigError } from '../errors';
import { TELEMETRY_ENV } from './names';
import { OtlpHttpJsonSpanExporter } from './otlp-http-exporter';
import { XRayUdpSpanExporter } from './xray-udp-exporter';

const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318/v1/traces';

/**
 * Trace ids that classic X-Ray accepts as well as W3C: the first 8 hex digits are the start time in epoch seconds,
 * as X-Ray's own ids are. Only new traces use it; a trace continued from an event keeps its id.
 */
const xrayIdGenerator: IdGenerator = {
  generateTraceId: () =>
    Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(12).toString('hex'),
  generateSpanId: () => randomBytes(8).toString('hex'),
};

let registered: TracerProvider | undefined;
let checked = false;

/**
 * Registers the tracer provider the environment asks for (`PAVED_TRACING`), once per process; every invocation calls
 * it, and after the first call it costs one comparison. Unset or `off`: nothing is registered (locally, in tests),
 * and spans stay OpenTelemetry's no-op: no exporter, no socket, no network. A provider registered before (by a test,
 * or an OpenTelemetry layer) is left in place.
 */
export function tracingFromEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (checked) return;
  const mode = env[TELEMETRY_ENV.tracing] || 'off';
  if (mode !== 'off' && mode !== 'xray' && mode !== 'otlp') {
    // Not remembered: every invocation fails the same way until the setting is fixed, rather than running untraced.
    throw new TelemetryConfigError(
      `Invalid ${TELEMETRY_ENV.tracing} ${JSON.stringify(mode)}: use "xray" (spans to X-Ray through Lambda's daemon), ` +
        `"otlp" (to a collector at ${TELEMETRY_ENV.otlpEndpoint}), or "off".`,
    );
  }
  checked = true;
  if (mode === 'xray')
    registerTracing(new XRayUdpSpanExporter(env['AWS_XRAY_DAEMON_ADDRESS'] || undefined), env);
  if (mode === 'otlp') {
    registerTracing(
      new OtlpHttpJsonSpanExporter(env[TELEMETRY_ENV.otlpEndpoint] || DEFAULT_OTLP_ENDPOINT),
      env,
    );
  }
}

/**
 * Registers a tracer provider that sends every finished span to `exporter` as it ends (one span per export:
 * Lambda may freeze the sandbox right after the invocation, so nothing is left in a batch), and the async-hooks
 * context manager, so a span started anywhere inside an invocation is a child of the invocation's span. Returns the
 * provider, or undefined when another provider was registered first. The runtime calls it from `PAVED_TRACING`; call
 * it in a test to see a handler's spans.
 *
 * @example
 * import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
 * const spans = new InMemorySpanExporter();
 * registerTracing(spans);
 * await handler(event, context);
 * expect(spans.getFinishedSpans().map((span) => span.name)).toContain('publish orders/OrderCreated');
 */
export function registerTracing(
  exporter: SpanExporter,
  env: NodeJS.ProcessEnv = process.env,
): TracerProvider | undefined {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': env['POWERTOOLS_SERVICE_NAME'] || env['OTEL_SERVICE_NAME'] || 'paved',
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      ...(env['AWS_REGION'] ? { 'cloud.region': env['AWS_REGION'] } : {}),
      ...(env['AWS_LAMBDA_FUNCTION_NAME'] ? { 'faas.name': env['AWS_LAMBDA_FUNCTION_NAME'] } : {}),
      ...(env['AWS_LAMBDA_FUNCTION_VERSION'] ? { 'faas.version': env['AWS_LAMBDA_FUNCTION_VERSION'] } : {}),
    }),
    idGenerator: xrayIdGenerator,
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  if (!otelTrace.setGlobalTracerProvider(provider)) return undefined;
  otelContext.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  registered = provider;
  return provider;
}

/** Waits until every ended span was handed to its exporter: called as each invocation ends. */
export async function flushTracing(): Promise<void> {
  await registered?.forceFlush();
}
