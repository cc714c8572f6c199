import { UserSignedUp } from '@paved/identity-contracts';
import { expectStoredOnce, fakeContext, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { profileOf } from '../src/create-profile';
import { handler } from '../src/handler';

const samples = loadSampleEvents(UserSignedUp);
const outbox = useLocalOutbox();

describe('create-profile handler', () => {
  it.each(samples.valid)('keeps the profile of $file once, however often it arrives', async ({ event }) => {
    const { key, stored } = await expectStoredOnce(handler, event, outbox, 'profiles');
    const profile = profileOf(event.detail, event.time);
    expect([key, stored]).toEqual([`users/${profile.userId}.json`, profile]);
  });

  it('keeps the first profile when the same address signs up again, in another event', async () => {
    const event = { ...samples.get('example-1').event, id: 'evt-first-sign-up' };
    await handler(event, fakeContext());
    const again = {
      ...event,
      id: 'evt-second-sign-up',
      time: '2026-02-01T00:00:00Z',
      detail: { email: event.detail.email.toUpperCase(), name: 'Augusta Ada King' },
    };
    await expect(handler(again, fakeContext())).resolves.toMatchObject({ created: false });
    const first = profileOf(event.detail, event.time);
    const key = `users/${first.userId}.json`;
    expect(outbox.list('profiles').filter((file) => file.endsWith('.json'))).toEqual([key]);
    expect(outbox.readJson('profiles', key)).toEqual(first);
  });
});
