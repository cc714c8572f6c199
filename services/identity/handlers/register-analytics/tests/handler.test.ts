import { UserSignedUp } from '@paved/identity-contracts';
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { toSignupRecord } from '../src/register-analytics';

const outbox = useLocalOutbox();

describe('register-analytics handler', () => {
  it.each(loadSampleEvents(UserSignedUp).valid)(
    'records the sign-up of $file once, in its day partition, however often it arrives',
    async ({ event }) => {
      const signup = toSignupRecord(event.detail, event.time);
      await expect(expectStoredOnce(handler, event, outbox, 'analytics')).resolves.toEqual({
        key: `signups/day=${event.time.slice(0, 10)}/${signup.userId}.json`,
        stored: signup,
      });
    },
  );
});
