import { randomBytes } from 'node:crypto';

/**
 * W3C trace context, carried in the event (`detail._meta.traceparent`) rather than only in a header: EventBridge
 * forwards an X-Ray header to targets only when PutEvents carried one, and archive, replay, DLQ redrive and
 * bus-to-bus routing all drop it. In the payload it survives every hop. Written by hand: it is one regular
 * expression and two hex strings, and OpenTelemetry's propagator would put its API in every bundle.
 */
export interface TraceContext {
  /** 32 lowercase hex digits, shared by every hop of one chain. */
  readonly traceId: string;
  /** 16 lowercase hex digits: this invocation's span, the parent of what it publishes. */
  readonly spanId: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const XRAY_ROOT = /Root=1-([0-9a-f]{8})-([0-9a-f]{24})/;
const ZERO_TRACE = '0'.repeat(32);

/** The trace id of a `traceparent` header value, or undefined when it is not a valid version-00 one. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const match = TRACEPARENT.exec(traceparent ?? '');
  return match && match[1] !== ZERO_TRACE ? match[1] : undefined;
}

/** The trace id of an X-Ray trace header (`Root=1-5759e988-bd862e3fe1be46a994272793;...`), as W3C spells it. */
export function traceIdOfXRay(header: string | undefined): string | undefined {
  const match = XRAY_ROOT.exec(header ?? '');
  return match ? `${match[1]}${match[2]}` : undefined;
}

/**
 * The trace an invocation continues: the caller's (`traceparent` from the event or request), else the one Lambda
 * started (`_X_AMZN_TRACE_ID`, X-Ray), else a new one. Its span is new either way.
 */
export function continueTrace(...candidates: (string | undefined)[]): TraceContext {
  const traceId = candidates.find((id): id is string => id !== undefined) ?? randomBytes(16).toString('hex');
  return { traceId, spanId: randomBytes(8).toString('hex') };
}

/** `00-<trace id>-<span id>-01`: the `traceparent` of what this span publishes (sampled). */
export function traceparentOf(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-01`;
}

/** The same trace as an X-Ray header, for PutEvents' `TraceHeader`: X-Ray then links the consumers on AWS. */
export function xrayHeaderOf(trace: TraceContext): string {
  return `Root=1-${trace.traceId.slice(0, 8)}-${trace.traceId.slice(8)};Parent=${trace.spanId};Sampled=1`;
}
