import * as z from 'zod';
import { defineEvent } from '@paved/events';

export const UserSignedUpSchema = z.object({
  email: z.email(),
  name: z.string().min(1),
});

export const UserSignedUp = defineEvent({
  source: 'myapp.userservice',
  detailType: 'user_signup',
  detail: UserSignedUpSchema,
  description: 'user_signup from myapp.userservice.',
  examples: [
    {
      email: 'someone@example.com',
      name: 'name-1',
    },
  ],
});
