import * as z from 'zod/mini';
import { safeParseWith } from './validation';

/**
 * The EventBridge envelope every event arrives in, as AWS delivers it to a Lambda target.
 * `detail` is left open here: a contract narrows it.
 */
export const EventEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string().check(z.minLength(1)),
  'detail-type': z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
  'replay-name': z.optional(z.string()),
});

export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

/** An EventBridge event whose `detail` has type `TDetail`. */
export interface EventBridgeEvent<TDetailType extends string = string, TDetail = unknown> extends Omit<
  EventEnvelope,
  'detail' | 'detail-type'
> {
  readonly 'detail-type': TDetailType;
  readonly detail: TDetail;
}

/**
 * The key a publisher reserves inside `detail` for metadata that travels with an event (the correlation id).
 * Contracts never see it: the runtime removes it before parsing `detail`.
 */
export const METADATA_KEY = '_meta';

export const EventMetadataSchema = z.object({
  /** The id shared by everything one request or upload set off: the first event's id, or the request's. */
  correlationId: z.optional(z.string().check(z.minLength(1))),
  /** What caused this event: the id of the event being handled, or `request:<id>` from an API. */
  causationId: z.optional(z.string().check(z.minLength(1))),
  /** The Lambda request id of the invocation that published it, so one delivery's effects can be found. */
  invocationId: z.optional(z.string().check(z.minLength(1))),
  /** W3C trace context of the span that published it: one trace id across the whole chain. */
  traceparent: z.optional(z.string().check(z.minLength(1))),
});

export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** Splits a raw `detail` into the contract's part and the publisher's metadata. */
export function splitMetadata(detail: unknown): { detail: unknown; metadata: EventMetadata } {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail) || !(METADATA_KEY in detail)) {
    return { detail, metadata: {} };
  }
  const { [METADATA_KEY]: raw, ...rest } = detail as Record<string, unknown>;
  const parsed = safeParseWith(EventMetadataSchema, raw);
  return { detail: rest, metadata: parsed.success ? parsed.data : {} };
}
