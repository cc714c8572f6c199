import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { bucketName } from '@paved/events';
import { type EventView, type RequestView } from '../src';
import { chainSubscriptions, createSignup, uploads } from './fixtures/chain';
import { tinyPng } from './fixtures/png';
import { getJson, settled, startTestBus, type TestBus } from './helpers';

const BUCKET = bucketName(uploads, { account: '000000000000', region: 'us-east-1' });

const start = (dir?: string) =>
  startTestBus((out) => Object.values(chainSubscriptions(out)), {
    apis: [createSignup],
    buckets: [uploads],
    ...(dir ? { dir } : {}),
  });

/** The one event a delivery of `view` to `rule` caused. */
const causedBy = (view: EventView, rule: string): string => {
  const caused = view.deliveries.find((d) => d.rule === rule)!.caused;
  expect(caused).toHaveLength(1);
  return caused![0]!;
};

describe('what caused what', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(() => t.stop());

  it('links an event to the event whose handler published it, per delivery', async () => {
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'myapp.userservice',
            DetailType: 'user_signup',
            Detail: JSON.stringify({ email: 'a@example.com', name: 'A' }),
            EventBusName: 'paved',
          },
        ],
      }),
    );
    const signupId = result.Entries![0]!.EventId!;
    const signup = await settled(t.bus, signupId, 8000, 2);
    const welcomeId = causedBy(signup, 'mailer-announce');
    expect(signup.deliveries.find((d) => d.rule === 'identity-send-welcome')!.caused).toBeUndefined();
    expect(signup.caused).toEqual([welcomeId]);
    const welcome = await settled(t.bus, welcomeId);
    expect(welcome).toMatchObject({
      event: { source: 'myapp.mailer', 'detail-type': 'welcome_sent' },
      causedBy: { kind: 'event', id: signupId },
    });
    expect(welcome.caused).toBeUndefined();
  });

  it('links the events an API request published to the request, and on to what they caused', async () => {
    const response = await fetch(`${t.bus.url}/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'b@example.com', name: 'B' }),
    });
    const requestId = response.headers.get('apigw-requestid')!;
    const { eventId } = (await response.json()) as { eventId: string };
    const signup = await settled(t.bus, eventId, 8000, 2);
    expect(signup.causedBy).toEqual({ kind: 'request', id: requestId });
    const request = (await getJson<RequestView>(t.bus, `/_paved/requests/${encodeURIComponent(requestId)}`))
      .body;
    expect(request.events).toEqual([eventId]);
    const welcome = await settled(t.bus, causedBy(signup, 'mailer-announce'));
    expect(welcome.causedBy).toEqual({ kind: 'event', id: eventId });
  });

  it('links an upload to its S3 event, the copy a route made of it, and what its handler published, after a restart too', async () => {
    const response = await fetch(`${t.bus.url}/_paved/s3/${BUCKET}/cat.png`, {
      method: 'PUT',
      body: tinyPng(),
    });
    const { eventId, requestId } = (await response.json()) as { eventId: string; requestId: string };

    const chain = async (bus: TestBus) => {
      const s3 = await settled(bus.bus, eventId);
      const copy = await settled(bus.bus, causedBy(s3, 'paved-aws-s3-object-created'));
      const received = await getJson<EventView>(
        bus.bus,
        `/_paved/events/${causedBy(copy, 'media-on-upload')}`,
      );
      return { s3, copy, received: received.body };
    };
    const before = await chain(t);
    expect(before.s3.causedBy).toEqual({ kind: 'upload', id: requestId });
    expect(before.copy.causedBy).toEqual({ kind: 'event', id: eventId });
    expect(before.copy.forwardedFrom).toEqual({
      bus: 'default',
      id: eventId,
      rule: 'paved-aws-s3-object-created',
    });
    expect(before.received).toMatchObject({
      event: { source: 'test.media', 'detail-type': 'image_received', detail: { key: 'cat.png' } },
      causedBy: { kind: 'event', id: before.copy.id },
      unmatched: { wouldMatch: [] },
    });
    expect((await getJson<RequestView>(t.bus, `/_paved/requests/${requestId}`)).body.events).toEqual([
      eventId,
    ]);

    // Rebuilt from the journal: the same links.
    await t.stop(false);
    t = await start(t.dir);
    const after = await chain(t);
    expect(after).toEqual(before);
    expect((await getJson<RequestView>(t.bus, `/_paved/requests/${requestId}`)).body).toMatchObject({
      kind: 'upload',
      events: [eventId],
    });
  }, 20_000);
});
