import { CustomerNotification } from '@paved/notifications-contracts';
import { expectEmailedOnce, expectPatternNotToMatch, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';
import { composeUnrecognizedLoginNotice } from '../src/notify-customer';
import { subscription } from '../src/subscription';

const samples = loadSampleEvents(CustomerNotification);
const outbox = useLocalOutbox();

describe('notify-customer handler', () => {
  it('tells the customer about an unrecognized login once, however often the event arrives', async () => {
    const { event } = samples.get('example-1');
    expect(event.detail.type).toBe('unrecognized-login');
    const email = await expectEmailedOnce(handler, event, outbox);
    expect(email).toEqual(composeUnrecognizedLoginNotice(event.detail, event.id));
  });

  it('is not invoked for customer notifications other than unrecognized logins', () => {
    const others = samples.valid.filter(({ event }) => event.detail.type !== 'unrecognized-login');
    expect(others.map(({ event }) => event.detail.type)).toContain('password-changed');
    for (const { event } of others) expectPatternNotToMatch(subscription.pattern, event);
  });
});
