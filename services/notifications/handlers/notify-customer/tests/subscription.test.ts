import { join } from 'node:path';
import { expectPatternToMatch, expectPatternNotToMatch, loadSampleEvents } from '@paved/testing';
import { subscription } from '../src/subscription';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));

describe('notify-customer subscription', () => {
  it.each(samples.valid)('its rule matches the valid sample $file', ({ event }) => {
    expectPatternToMatch(subscription.pattern, event);
  });

  it('its rule ignores events of another detail-type', () => {
    const [sample] = samples.valid;
    expectPatternNotToMatch(subscription.pattern, {
      ...sample!.event,
      'detail-type': 'SomethingElseHappened',
    });
  });
});

describe('notify-customer subscription narrowing', () => {
  it('ignores customer notifications other than unrecognized logins', () => {
    const [sample] = samples.valid;
    expectPatternNotToMatch(subscription.pattern, {
      ...sample!.event,
      detail: { ...(sample!.event.detail as object), type: 'password-changed' },
    });
  });
});
