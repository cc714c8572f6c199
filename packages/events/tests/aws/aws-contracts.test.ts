import { join } from 'node:path';
import * as z from 'zod/mini';
import {
  contractJsonSchema,
  defineAwsEvent,
  defineEvent,
  defineSubscription,
  exampleEvent,
  InvalidContractError,
  InvalidSubscriptionError,
  S3ObjectCreated,
  validatePattern,
} from '../../src';

/** The "Object created" example of "EventBridge event message structure", Amazon S3 User Guide, as AWS prints it. */
const documentedEvent = {
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2021-11-12T00:00:00Z',
  region: 'ca-central-1',
  resources: ['arn:aws:s3:::amzn-s3-demo-bucket1'],
  detail: {
    version: '0',
    bucket: { name: 'amzn-s3-demo-bucket1' },
    object: {
      key: 'example-key',
      size: 5,
      etag: 'b1946ac92492d2347c6235b4d2611184',
      'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
      sequencer: '617f08299329d189',
    },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '123456789012',
    'source-ip-address': '1.2.3.4',
    reason: 'PutObject',
  },
};

describe('defineAwsEvent', () => {
  const ThingDetected = () =>
    defineAwsEvent({
      source: 'aws.things',
      detailType: 'Thing Detected',
      detail: z.object({ thing: z.string() }),
      description: 'AWS detected a thing.',
      documentation: 'https://docs.aws.amazon.com/things/latest/events.html',
      examples: [{ thing: 't-1' }],
    });

  it('makes a contract whose producer is AWS, with its documentation', () => {
    expect(ThingDetected()).toMatchObject({
      producer: 'aws',
      name: 'aws.things/Thing Detected',
      pattern: { source: ['aws.things'], 'detail-type': ['Thing Detected'] },
      documentation: 'https://docs.aws.amazon.com/things/latest/events.html',
      resourcesOf: undefined,
    });
  });

  it("refuses a source that is not an AWS service's, pointing to defineEvent", () => {
    expect(() =>
      defineAwsEvent({
        source: 'myapp.things',
        detailType: 'Thing Detected',
        detail: z.object({ thing: z.string() }),
        description: 'Not AWS.',
        documentation: 'https://example.com',
        examples: [{ thing: 't-1' }],
      }),
    ).toThrow(
      new InvalidContractError(
        'Invalid source "myapp.things" for an AWS event: AWS services\' sources start with "aws.", such as "aws.s3". Declare an event of your own with defineEvent.',
      ),
    );
  });

  it('requires the address of the page AWS documents the event on', () => {
    expect(() =>
      defineAwsEvent({
        source: 'aws.things',
        detailType: 'Thing Detected',
        detail: z.object({ thing: z.string() }),
        description: 'AWS detected a thing.',
        documentation: 'the docs',
        examples: [{ thing: 't-1' }],
      }),
    ).toThrow(
      /Invalid documentation "the docs" for aws\.things\/Thing Detected: give the https:\/\/ address/,
    );
  });

  it('leaves defineEvent refusing aws. sources for our own events, naming defineAwsEvent', () => {
    expect(() =>
      defineEvent({
        source: 'aws.orders',
        detailType: 'OrderCreated',
        detail: z.object({ id: z.string() }),
        description: 'Ours.',
        examples: [{ id: '1' }],
      }),
    ).toThrow(
      'Invalid source "aws.orders": sources starting with "aws." are reserved for AWS services. Use your own prefix, such as "myapp.", or declare an AWS service\'s event with defineAwsEvent.',
    );
  });

  it("is refused in a subscription's publishes, while it can be subscribed to", () => {
    const OrderPlaced = defineEvent({
      source: 'myapp.orders',
      detailType: 'OrderPlaced',
      detail: z.object({ id: z.string() }),
      description: 'Ours.',
      examples: [{ id: '1' }],
    });
    const base = {
      name: 'watch-uploads',
      service: 'media',
      contract: S3ObjectCreated,
      entry: join(__dirname, 'handler.ts'),
      description: 'Watches uploads.',
    };
    expect(defineSubscription(base).contract).toBe(S3ObjectCreated);
    expect(() =>
      defineSubscription({
        ...base,
        // @ts-expect-error: an AWS contract is not publishable, and the types say so
        publishes: [OrderPlaced, S3ObjectCreated],
      }),
    ).toThrow(
      new InvalidSubscriptionError(
        'Invalid publishes ["aws.s3/Object Created"] for handler media/watch-uploads: aws.s3/Object Created is an AWS event: AWS produces it and nobody can publish one (EventBridge refuses "aws." sources in PutEvents). Remove it from publishes; to consume it, subscribe to it as a contract.',
      ),
    );
    expect(() => defineSubscription({ ...base, publishes: [OrderPlaced, OrderPlaced] })).toThrow(
      'Invalid publishes ["myapp.orders/OrderPlaced"] for handler media/watch-uploads: list each contract once.',
    );
  });
});

describe('S3ObjectCreated', () => {
  it("parses the event AWS documents, with S3's field names", () => {
    const event = S3ObjectCreated.parse(documentedEvent);
    expect(event.detail.bucket.name).toBe('amzn-s3-demo-bucket1');
    expect(event.detail.object['version-id']).toBe('IYV3p45BT0ac8hjHg1houSdS1a.Mro8e');
    expect(event.detail.reason).toBe('PutObject');
  });

  it('accepts what AWS added later (event-version 1.1, generated tags) and events of unversioned buckets', () => {
    const later = {
      ...documentedEvent,
      detail: {
        ...documentedEvent.detail,
        'event-version': '1.1',
        bucket: {
          name: 'amzn-s3-demo-bucket1',
          'aws-generated-tags': { 'aws:cloudformation:logical-id': 'B' },
        },
        object: {
          key: 'k',
          size: 0,
          etag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: '0055AED6DCD90281E5',
        },
      },
    };
    expect(S3ObjectCreated.safeParse(later).success).toBe(true);
  });

  it('rejects an event without the object, or with a size that is not a whole number', () => {
    const { object: _object, ...withoutObject } = documentedEvent.detail;
    expect(S3ObjectCreated.safeParse({ ...documentedEvent, detail: withoutObject }).success).toBe(false);
    const result = S3ObjectCreated.safeParse({
      ...documentedEvent,
      detail: { ...documentedEvent.detail, object: { ...documentedEvent.detail.object, size: '5' } },
    });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path)).toEqual([
      'detail.object.size',
    ]);
  });

  it("samples an event whose envelope names the bucket's ARN, as S3 does", () => {
    const event = exampleEvent(S3ObjectCreated);
    expect(event.resources).toEqual(['arn:aws:s3:::photos-123456789012-us-east-1-an']);
    expect(event.source).toBe('aws.s3');
    expect(S3ObjectCreated.safeParse(event).success).toBe(true);
  });

  it('has a valid default pattern and a JSON Schema of its whole event', () => {
    expect(() => validatePattern(S3ObjectCreated.pattern)).not.toThrow();
    const schema = contractJsonSchema(S3ObjectCreated) as {
      title: string;
      properties: { source: unknown; detail: { type: string; required: string[] } };
    };
    expect(schema.title).toBe('aws.s3 Object Created');
    expect(schema.properties.source).toEqual({ type: 'string', const: 'aws.s3' });
    expect(schema.properties.detail.type).toBe('object');
    expect(schema.properties.detail.required).toEqual(
      expect.arrayContaining(['version', 'bucket', 'object', 'request-id', 'requester', 'reason']),
    );
  });
});
