import { ImageUploaded } from '../src/schema';
import { planCreateThumbnail } from '../src/create-thumbnail';

describe('planCreateThumbnail', () => {
  const detail = ImageUploaded.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(planCreateThumbnail(detail, 'event-1').idempotencyKey).toBe(
      planCreateThumbnail(detail, 'event-1').idempotencyKey,
    );
    expect(planCreateThumbnail(detail, 'event-1').idempotencyKey).not.toBe(
      planCreateThumbnail(detail, 'event-2').idempotencyKey,
    );
  });

  it('carries the detail it decided on', () => {
    expect(planCreateThumbnail(detail, 'event-1').detail).toEqual(detail);
  });
});
