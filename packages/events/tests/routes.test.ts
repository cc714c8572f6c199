import { join } from 'node:path';
import * as z from 'zod';
import {
  APPLICATION_EVENTS_PATTERN,
  busRoutes,
  defineBucket,
  defineEvent,
  defineSubscription,
  exampleEvent,
  InvalidBusRouteError,
  S3ObjectCreated,
  testEventPattern,
  validatePattern,
} from '../src';

const UserSignedUp = defineEvent({
  source: 'myapp.userservice',
  detailType: 'user_signup',
  detail: z.object({ email: z.string() }),
  description: 'A user signed up.',
  examples: [{ email: 'a@example.com' }],
});
const uploads = defineBucket({ service: 'media', name: 'uploads', description: 'Uploads.' });
const subscribe = (name: string, fields: Partial<Parameters<typeof defineSubscription>[0]> = {}) =>
  defineSubscription({
    name,
    service: 'media',
    contract: S3ObjectCreated,
    pattern: uploads.objectCreated,
    entry: join(__dirname, 'handler.ts'),
    description: `${name}.`,
    ...fields,
  });

describe('busRoutes', () => {
  it('routes application events from the default bus to the paved bus', () => {
    expect(busRoutes()).toEqual([
      {
        kind: 'application-events',
        name: 'paved-application-events',
        bus: 'default',
        pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
        targetBus: 'paved',
        description: 'Application events put on the default bus (no "aws." source) → paved.',
        subscriptions: [],
      },
    ]);
  });

  it("forwards application events, the classic tutorial's among them, and no AWS service event", () => {
    expect(() => validatePattern(APPLICATION_EVENTS_PATTERN)).not.toThrow();
    const tutorial = JSON.stringify(exampleEvent(UserSignedUp));
    expect(testEventPattern(APPLICATION_EVENTS_PATTERN, tutorial)).toBe(true);
    expect(testEventPattern(APPLICATION_EVENTS_PATTERN, JSON.stringify(exampleEvent(S3ObjectCreated)))).toBe(
      false,
    );
    const scheduled = {
      ...exampleEvent(UserSignedUp),
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
    };
    expect(testEventPattern(APPLICATION_EVENTS_PATTERN, JSON.stringify(scheduled))).toBe(false);
  });

  it('adds a route per subscription to an AWS event, with exactly its pattern, and none for our own events', () => {
    const thumbnails = subscribe('create-thumbnail');
    const welcome = defineSubscription({
      name: 'send-welcome-email',
      service: 'identity',
      contract: UserSignedUp,
      entry: join(__dirname, 'handler.ts'),
      description: 'Welcomes.',
    });
    const routes = busRoutes({
      subscriptions: [thumbnails, welcome],
      busName: 'paved-dev',
      applicationEvents: false,
    });
    expect(routes).toEqual([
      {
        kind: 'aws-events',
        name: 'paved-dev-media-create-thumbnail',
        bus: 'default',
        pattern: thumbnails.pattern,
        targetBus: 'paved-dev',
        description: 'AWS events media-create-thumbnail subscribes to → paved-dev.',
        subscriptions: ['media-create-thumbnail'],
      },
    ]);
    expect(routes[0]!.pattern).toBe(uploads.objectCreated);
  });

  it('gives subscriptions with the same pattern one route, so the paved bus gets one copy of each event', () => {
    const sameInAnotherOrder = {
      detail: uploads.objectCreated['detail'],
      'detail-type': ['Object Created'],
      source: ['aws.s3'],
    };
    const routes = busRoutes({
      subscriptions: [
        subscribe('create-thumbnail'),
        subscribe('index-image', { pattern: sameInAnotherOrder }),
        subscribe('scan-video', {
          pattern: { ...uploads.objectCreated, detail: { object: { key: [{ suffix: '.mp4' }] } } },
        }),
      ],
      applicationEvents: false,
    });
    expect(routes.map((route) => [route.name, route.subscriptions])).toEqual([
      ['paved-media-create-thumbnail', ['media-create-thumbnail', 'media-index-image']],
      ['paved-media-scan-video', ['media-scan-video']],
    ]);
  });

  it('refuses the default bus as the target, which would loop, and names too long for a rule', () => {
    expect(() => busRoutes({ busName: 'default' })).toThrow(InvalidBusRouteError);
    expect(() => busRoutes({ busName: 'default' })).toThrow(/a route from "default" to itself would loop/);
    expect(() =>
      busRoutes({
        subscriptions: [subscribe('create-thumbnail')],
        busName: 'a'.repeat(50),
        applicationEvents: false,
      }),
    ).toThrow(
      `Route name "${'a'.repeat(50)}-media-create-thumbnail" cannot name an EventBridge rule (1-64 letters, digits, ".", "-", "_"): shorten the bus name or the subscription's service or name.`,
    );
  });
});
