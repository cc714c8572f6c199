import { type DetailOf } from '@paved/events';
import { type ImageUploaded } from './schema';

/** What create-thumbnail does for one event: decided here, carried out by the handler. */
export interface CreateThumbnailPlan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof ImageUploaded>;
}

/** The business logic of create-thumbnail: a plain function of the event, tested without Lambda. */
export function planCreateThumbnail(
  detail: DetailOf<typeof ImageUploaded>,
  eventId: string,
): CreateThumbnailPlan {
  return { idempotencyKey: `media-create-thumbnail:${eventId}`, detail };
}
