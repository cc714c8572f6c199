import * as z from 'zod';

/**
 * The EventBridge envelope every event arrives in, as AWS delivers it to a Lambda target.
 * `detail` is left open here: a contract narrows it.
 */
export const EventEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
  'replay-name': z.string().optional(),
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
  correlationId: z.string().min(1).optional(),
});

export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** Splits a raw `detail` into the contract's part and the publisher's metadata. */
export function splitMetadata(detail: unknown): { detail: unknown; metadata: EventMetadata } {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail) || !(METADATA_KEY in detail)) {
    return { detail, metadata: {} };
  }
  const { [METADATA_KEY]: raw, ...rest } = detail as Record<string, unknown>;
  const parsed = EventMetadataSchema.safeParse(raw);
  return { detail: rest, metadata: parsed.success ? parsed.data : {} };
}
