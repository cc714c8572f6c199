import * as z from 'zod/mini';
import { defineEvent } from '@paved/events';

export const UserSignedUpSchema = z.object({
  email: z.email(),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
});

/**
 * A user finished signing up. Source and detail-type are the classic tutorial's, so its
 * `aws events put-events` command triggers the welcome email unchanged.
 */
export const UserSignedUp = defineEvent({
  source: 'myapp.userservice',
  detailType: 'user_signup',
  detail: UserSignedUpSchema,
  description: 'A user finished signing up.',
  examples: [{ email: 'ada@example.com', name: 'Ada Lovelace' }],
});

/** The detail of an `UserSignedUp` event, as its handlers receive it. */
export type UserSignedUpDetail = z.infer<typeof UserSignedUpSchema>;
