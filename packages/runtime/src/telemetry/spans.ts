import {
  type Attributes,
  context as otelContext,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace as otelTrace,
  TraceFlags,
} from '@opentelemetry/api';
import { type TraceContext } from '../trace';

/**
 * The runtime's spans, through the OpenTelemetry API alone: without a registered tracer provider (locally, in tests
 * that register none, with `PAVED_TRACING` unset) every call here is OpenTelemetry's no-op, and the trace context in
 * the event (`_meta.traceparent`) is carried on as before.
 */
const TRACER_NAME = '@paved/runtime';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export { SpanKind };
export type { Span };

/** The remote span a `traceparent` names (version 00), or undefined when it is not a valid one. */
export function spanContextOfTraceparent(traceparent: string | undefined): SpanContext | undefined {
  const match = TRACEPARENT.exec(traceparent ?? '');
  if (!match || match[1] === ZERO_TRACE || match[2] === ZERO_SPAN) return undefined;
  return { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16), isRemote: true };
}

/**
 * The remote span an X-Ray trace header names (`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`,
 * fields in any order), or undefined without a root and a parent.
 */
export function spanContextOfXRay(header: string | undefined): SpanContext | undefined {
  const fields = new Map(
    (header ?? '').split(';').map((field) => {
      const at = field.indexOf('=');
      return [field.slice(0, at).trim(), field.slice(at + 1).trim()] as const;
    }),
  );
  const root = /^1-([0-9a-f]{8})-([0-9a-f]{24})$/.exec(fields.get('Root') ?? '');
  const parent = fields.get('Parent') ?? '';
  if (!root || !/^[0-9a-f]{16}$/.test(parent)) return undefined;
  return {
    traceId: `${root[1]}${root[2]}`,
    spanId: parent,
    traceFlags: fields.get('Sampled') === '0' ? TraceFlags.NONE : TraceFlags.SAMPLED,
    isRemote: true,
  };
}

/** What starts an invocation's span: who called, as the event or request says, and as Lambda says. */
export interface InvocationSpanOptions {
  readonly name: string;
  readonly kind: SpanKind;
  /** `_meta.traceparent` of the event, or the request's `traceparent` header. */
  readonly traceparent: string | undefined;
  /** Lambda's X-Ray trace header (`_X_AMZN_TRACE_ID`) or the request's `X-Amzn-Trace-Id`. */
  readonly xrayHeader: string | undefined;
  readonly attributes: Attributes;
}

/**
 * Starts the span of one invocation. Its **parent** is the span that published the event (`_meta.traceparent`), so
 * the whole chain is one trace whatever EventBridge did to its headers (archive, replay, DLQ redrive and bus-to-bus
 * routing drop the X-Ray header, never the payload). A span link would have been the choice for a batch (one span,
 * many causes); an EventBridge delivery has exactly one cause, and the issue asks for one trace across the chain.
 * When Lambda's own X-Ray trace differs (a replay or redrive started a new one), the span **links** to it, so the
 * invocation's Lambda segment stays reachable. With no `traceparent`, Lambda's X-Ray trace is the parent.
 */
export function startInvocationSpan(options: InvocationSpanOptions): Span {
  const caller = spanContextOfTraceparent(options.traceparent);
  const lambda = spanContextOfXRay(options.xrayHeader);
  const parent = caller ?? lambda;
  const links: Link[] =
    caller && lambda && lambda.traceId !== caller.traceId
      ? [{ context: lambda, attributes: { 'paved.link': 'lambda-invocation' } }]
      : [];
  return otelTrace
    .getTracer(TRACER_NAME)
    .startSpan(
      options.name,
      { kind: options.kind, attributes: options.attributes, links },
      parent ? otelTrace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
}

/** Starts a span that is a child of the current one (inside {@link runInSpan}). */
export function startChildSpan(name: string, kind: SpanKind, attributes: Attributes): Span {
  return otelTrace.getTracer(TRACER_NAME).startSpan(name, { kind, attributes }, otelContext.active());
}

/** Runs `fn` with `span` as the current span: spans started inside are its children. */
export function runInSpan<T>(span: Span, fn: () => T): T {
  return otelContext.with(otelTrace.setSpan(otelContext.active(), span), fn);
}

/**
 * The trace context to put in what this span publishes: the span's own when it is recorded, else `fallback` (no
 * tracer provider: the hand-made context the runtime carries on without OpenTelemetry, a new span id per hop).
 */
export function traceContextOf(span: Span | undefined, fallback: TraceContext): TraceContext;
export function traceContextOf(span: Span | undefined, fallback?: TraceContext): TraceContext | undefined;
export function traceContextOf(span: Span | undefined, fallback?: TraceContext): TraceContext | undefined {
  if (!span?.isRecording()) return fallback;
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** Marks `span` as failed with `error`, and why (`paved.failure_class`); whoever started it ends it. */
export function markSpanFailed(span: Span, error: unknown, failureClass: string): void {
  if (error instanceof Error) span.recordException(error);
  span.setAttribute('paved.failure_class', failureClass);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}
