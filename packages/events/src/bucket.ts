import { S3ObjectCreated } from './aws/s3';
import { InvalidBucketError } from './errors';
import { type EventPattern } from './subscription';

/** What {@link defineBucket} takes. */
export interface BucketProps {
  /** The service (team) that owns the bucket and deploys it, such as `media`. */
  readonly service: string;
  /** The bucket's name within its service, kebab-case, each word starting with a letter, such as `uploads`. */
  readonly name: string;
  /** One sentence: what goes into the bucket. */
  readonly description: string;
}

/** One matcher of an event pattern's `detail.bucket.name`. */
export interface BucketNameMatcher {
  readonly prefix: string;
}

/**
 * An S3 bucket that produces events: declared once, deployed by its service's stack with EventBridge notifications on
 * (the platform's `EventSourceBucket`), given a local equivalent by the local bus, and subscribed to with
 * {@link Bucket.objectCreated}.
 */
export interface Bucket {
  readonly service: string;
  readonly name: string;
  /** `<service>-<name>`: unique in the workspace, and the start of the bucket's physical name. */
  readonly id: string;
  readonly description: string;
  /**
   * The bucket name prefix in S3's account-regional namespace (CloudFormation's `BucketNamePrefix`): S3 appends
   * `-<account>-<region>-an`. Equal to `id`.
   */
  readonly namePrefix: string;
  /**
   * Matchers for `detail.bucket.name` that match this bucket's physical name and no other bucket's: narrow any S3
   * event pattern to this bucket with them.
   */
  readonly nameMatchers: readonly BucketNameMatcher[];
  /**
   * The pattern of `S3ObjectCreated` for this bucket alone: plain data, the same on AWS and locally.
   *
   * @example
   * defineSubscription({ name: 'create-thumbnail', service: 'media', contract: S3ObjectCreated, pattern: uploads.objectCreated, ... });
   */
  readonly objectCreated: EventPattern;
}

/** Kebab-case whose every word starts with a letter: see {@link defineBucket} for why. */
const WORDS_PATTERN = /^[a-z][a-z0-9]*(-[a-z][a-z0-9]*)*$/;

/**
 * The longest `id` whose physical name fits S3's 63 characters in every Region: `-` + 12-digit account + `-` +
 * the longest Region code (14 characters, such as `ap-southeast-7`) + `-an` take 31.
 */
export const MAX_BUCKET_ID_LENGTH = 32;

/**
 * Declares an S3 bucket whose object events the system consumes.
 *
 * **Its name, and how a pattern matches it.** A subscription's pattern is static data, written before anyone knows
 * the account or Region, yet it must match this bucket and no other, on AWS and locally. So the bucket's physical
 * name is derived from stable parts only, in S3's account-regional namespace, where only this account can create
 * names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html):
 * `<service>-<name>-<account>-<region>-an`, such as `media-uploads-123456789012-eu-west-1-an`. Nobody else can take
 * it, and deploying it twice in one account fails loudly instead of mixing two buckets' events.
 *
 * The pattern then matches names starting with `<service>-<name>-` followed by a digit: the account id's first one.
 * Every word of a bucket's service and name starts with a letter, so no other declared bucket's name can continue
 * that prefix with a digit (`media-uploads-archive-…` continues it with `a`). Ten prefixes say "followed by a
 * digit" in EventBridge's pattern language, which has no character classes; they cost nothing at match time.
 * The only other names they could match are buckets of the same account, created outside paved, whose names start
 * with `media-uploads-` and a digit, and which send events to EventBridge too.
 *
 * @example
 * export const uploads = defineBucket({ service: 'media', name: 'uploads', description: 'Images customers upload.' });
 * uploads.objectCreated;
 * // { source: ['aws.s3'], 'detail-type': ['Object Created'],
 * //   detail: { bucket: { name: [{ prefix: 'media-uploads-0' }, …, { prefix: 'media-uploads-9' }] } } }
 */
export function defineBucket(props: BucketProps): Bucket {
  const fail = (what: string, value: unknown, fix: string): never => {
    throw new InvalidBucketError(
      `Invalid ${what} ${JSON.stringify(value)} for bucket ${props.service}/${props.name}: ${fix}`,
    );
  };
  for (const key of ['service', 'name'] as const) {
    if (typeof props[key] !== 'string' || !WORDS_PATTERN.test(props[key])) {
      fail(
        key,
        props[key],
        'use kebab-case whose every word starts with a letter, such as "uploads" (a word starting with a digit would make the name ambiguous with the account id S3 appends).',
      );
    }
  }
  const id = `${props.service}-${props.name}`;
  if (id.length > MAX_BUCKET_ID_LENGTH) {
    fail(
      'id',
      id,
      `shorten the service or the name to at most ${MAX_BUCKET_ID_LENGTH} characters together: S3 appends -<account>-<region>-an and allows 63.`,
    );
  }
  if (id.startsWith('sthree-'))
    fail('id', id, 'S3 reserves names starting with "sthree-": rename the service.');
  const nameMatchers = Object.freeze(
    [...'0123456789'].map((digit) => Object.freeze({ prefix: `${id}-${digit}` })),
  );
  return Object.freeze({
    service: props.service,
    name: props.name,
    id,
    description: props.description,
    namePrefix: id,
    nameMatchers,
    objectCreated: Object.freeze({
      ...S3ObjectCreated.pattern,
      detail: Object.freeze({ bucket: Object.freeze({ name: nameMatchers }) }),
    }),
  });
}

/**
 * The physical name of a declared bucket in one account and Region: what CloudFormation creates on AWS, and what the
 * local bus names its local equivalent, so that the same pattern matches both.
 *
 * @example
 * bucketName(uploads, { account: '123456789012', region: 'eu-west-1' }); // 'media-uploads-123456789012-eu-west-1-an'
 */
export function bucketName(
  bucket: Bucket,
  where: { readonly account: string; readonly region: string },
): string {
  if (!/^\d{12}$/.test(where.account)) {
    throw new InvalidBucketError(
      `Invalid account ${JSON.stringify(where.account)} for bucket ${bucket.id}: give the 12-digit AWS account id.`,
    );
  }
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d$/.test(where.region) || where.region.length > 14) {
    throw new InvalidBucketError(
      `Invalid region ${JSON.stringify(where.region)} for bucket ${bucket.id}: give an AWS Region code, such as "eu-west-1".`,
    );
  }
  return `${bucket.namePrefix}-${where.account}-${where.region}-an`;
}
