import * as z from 'zod/mini';
import { defineAwsEvent } from './define-aws-event';

/**
 * The `detail` of S3's `Object Created` event, as "EventBridge event message structure" in the Amazon S3 User Guide
 * documents it (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html), cross-checked with Powertools
 * for AWS Lambda's `S3EventNotificationEventBridgeDetailSchema`. Fields AWS adds later (`event-version` 1.1 added
 * `bucket.aws-generated-tags`) are accepted and left out of the typed detail, not refused.
 */
export const S3ObjectCreatedSchema = z.object({
  /** `0`: the detail's own version. */
  version: z.string(),
  /** The detail's schema version (`1.0`, `1.1`); absent from older events. */
  'event-version': z.optional(z.string()),
  bucket: z.object({
    /** The bucket's name (3-63 characters). */
    name: z.string().check(z.minLength(3), z.maxLength(63)),
  }),
  object: z.object({
    /** The object's key, URL-encoded as S3 reports it (a space is `+`). */
    key: z.string().check(z.minLength(1)),
    /** Size in bytes. */
    size: z.int().check(z.nonnegative()),
    /** The object's ETag (no quotes). */
    etag: z.string(),
    /** The object's version id; only in a versioned bucket. */
    'version-id': z.optional(z.string()),
    /** Orders events for the same key: a larger sequencer (compared as hex, padded) is a later write. */
    sequencer: z.string(),
  }),
  /** S3's request id of the request that created the object. */
  'request-id': z.string(),
  /** The account id or AWS service principal that made the request. */
  requester: z.string(),
  /** Where the request came from; only for events triggered by an S3 request. */
  'source-ip-address': z.optional(z.string()),
  /**
   * The S3 API that created the object: `PutObject`, `POST Object`, `CopyObject` or `CompleteMultipartUpload`.
   * A string, not an enum: a reason AWS adds must not fail the handler.
   */
  reason: z.string(),
});

/** The detail of an `Object Created` event, as handlers receive it. */
export type S3ObjectCreatedDetail = z.infer<typeof S3ObjectCreatedSchema>;

/**
 * S3's `Object Created` event: a bucket with EventBridge notifications on (see `defineBucket` and the platform's
 * `EventSourceBucket`) puts one on the account's `default` bus for every object written by `PutObject`,
 * `POST Object`, `CopyObject` or `CompleteMultipartUpload`. Its envelope's `resources` holds the bucket's ARN.
 *
 * Subscribe to it like any contract, narrowed to one bucket: `pattern: uploads.objectCreated`. The platform forwards
 * S3's events from `default` to the paved bus (see `busRoutes`). Delivery is at least once, and a
 * forwarded event gets a new id on the paved bus: make the handler idempotent on the object (`bucket.name`,
 * `object.key` and `object.sequencer` or `version-id`), not on the event id.
 */
export const S3ObjectCreated = defineAwsEvent({
  source: 'aws.s3',
  detailType: 'Object Created',
  detail: S3ObjectCreatedSchema,
  description:
    'An object was created in an S3 bucket with EventBridge notifications on (PutObject, POST Object, CopyObject or CompleteMultipartUpload).',
  documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html',
  resourcesOf: (detail) => [`arn:aws:s3:::${detail.bucket.name}`],
  examples: [
    {
      version: '0',
      bucket: { name: 'photos-123456789012-us-east-1-an' },
      object: {
        key: 'users/c-1001/holiday.jpg',
        size: 2_457_600,
        etag: 'b1946ac92492d2347c6235b4d2611184',
        'version-id': 'IYV3p45BT0ac8hjHg1houSdS1a.Mro8e',
        sequencer: '617f08299329d189',
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '203.0.113.15',
      reason: 'PutObject',
    },
  ],
});
