import { UserSignedUp } from '@paved/identity-contracts';
import { expectEmailedOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { composeWelcomeEmail } from '../src/send-welcome-email';

const outbox = useLocalOutbox();

describe('send-welcome-email handler', () => {
  it.each(loadSampleEvents(UserSignedUp).valid)(
    'welcomes the user of $file once, however often the sign-up arrives',
    async ({ event }) => {
      const email = await expectEmailedOnce(handler, event, outbox);
      expect(email).toEqual(composeWelcomeEmail(event.detail, event.id));
    },
  );
});
