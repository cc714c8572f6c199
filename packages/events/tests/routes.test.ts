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

  it('adds one route per kind of AWS event consumed, and none for our own events', () => {
    const routes = busRoutes({
      contracts: [subscribe('create-thumbnail').contract, UserSignedUp, S3ObjectCreated],
      busName: 'paved-dev',
    });
    expect(routes.slice(1)).toEqual([
      {
        kind: 'aws-events',
        name: 'paved-dev-aws-s3-object-created',
        bus: 'default',
        pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] },
        targetBus: 'paved-dev',
        description: 'AWS events aws.s3/Object Created, which subscriptions consume → paved-dev.',
        contract: 'aws.s3/Object Created',
      },
    ]);
  });

  it('forwards every Object Created event, whatever its bucket or key: subscriptions narrow on the paved bus', () => {
    const [, route] = busRoutes({ contracts: [S3ObjectCreated] });
    const example = exampleEvent(S3ObjectCreated);
    const elsewhere = {
      ...example,
      detail: {
        ...example.detail,
        bucket: { name: 'other-bucket' },
        object: { ...example.detail.object, key: 'a.mp4' },
      },
    };
    expect(testEventPattern(route!.pattern, JSON.stringify(example))).toBe(true);
    expect(testEventPattern(route!.pattern, JSON.stringify(elsewhere))).toBe(true);
    expect(testEventPattern(subscribe('create-thumbnail').pattern, JSON.stringify(elsewhere))).toBe(false);
  });

  it('refuses the default bus as the target, which would loop, and names too long for a rule', () => {
    expect(() => busRoutes({ busName: 'default' })).toThrow(InvalidBusRouteError);
    expect(() => busRoutes({ busName: 'default' })).toThrow(/a route from "default" to itself would loop/);
    expect(() => busRoutes({ contracts: [S3ObjectCreated], busName: 'a'.repeat(45) })).toThrow(
      `Route name "${'a'.repeat(45)}-aws-s3-object-created" cannot name an EventBridge rule (1-64 letters, digits, ".", "-", "_"): shorten the bus name.`,
    );
  });
});
