import { context as otelContext, SpanKind, SpanStatusCode, trace as otelTrace } from '@opentelemetry/api';

/** What the middleware sees of an AWS SDK v3 call: the client and command names Smithy puts in its context. */
interface CallContext {
  readonly clientName?: string;
  readonly commandName?: string;
}
type Next = (args: unknown) => Promise<{ readonly output?: unknown; readonly response?: unknown }>;
interface MiddlewareStack {
  add(
    middleware: (next: Next, context: CallContext) => Next,
    options: { step: 'initialize'; name: string; override: boolean },
  ): void;
}

const traced = new WeakSet<object>();

/**
 * Makes every call of an AWS SDK v3 client a CLIENT span, a child of the current span (`EventBridge.PutEvents`,
 * with `rpc.system: aws-api`, `rpc.service`, `rpc.method`, `aws.request_id`, and the error when it fails). Through
 * the client's own middleware stack rather than OpenTelemetry's AWS SDK instrumentation, which patches `require` and
 * so cannot see into a bundle. Once per client; with no tracer provider the spans are no-ops.
 *
 * @example
 * const s3 = traceAwsClient(new S3Client({}));
 */
export function traceAwsClient<C extends { readonly middlewareStack: object }>(client: C): C {
  if (traced.has(client)) return client;
  traced.add(client);
  (client.middlewareStack as unknown as MiddlewareStack).add(
    (next, call) => async (args) => {
      const service = (call.clientName ?? 'AWS').replace(/Client$/, '');
      const method = (call.commandName ?? 'Call').replace(/Command$/, '');
      const span = otelTrace.getTracer('@paved/runtime').startSpan(
        `${service}.${method}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { 'rpc.system': 'aws-api', 'rpc.service': service, 'rpc.method': method },
        },
        otelContext.active(),
      );
      try {
        const result = await otelContext.with(otelTrace.setSpan(otelContext.active(), span), () =>
          next(args),
        );
        const requestId = (result.output as { $metadata?: { requestId?: string } } | undefined)?.$metadata
          ?.requestId;
        if (requestId) span.setAttribute('aws.request_id', requestId);
        return result;
      } catch (error) {
        const requestId = (error as { $metadata?: { requestId?: string } }).$metadata?.requestId;
        if (requestId) span.setAttribute('aws.request_id', requestId);
        if (error instanceof Error) span.recordException(error);
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
    { step: 'initialize', name: 'pavedTracing', override: true },
  );
  return client;
}
