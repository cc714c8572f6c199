import { CfnOutput, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { type Bucket, MAX_BUCKET_ID_LENGTH } from '@paved/events';
import { Construct } from 'constructs';
import { InvalidPlatformConfigError } from './errors';

/** What {@link EventSourceBucket} takes. */
export interface EventSourceBucketProps {
  /** The bucket's one declaration (`defineBucket` in `@paved/events`): its name, and what subscriptions match. */
  readonly bucket: Bucket;
  /**
   * What happens to the bucket when the stack is deleted.
   * @default RemovalPolicy.RETAIN (uploads are business data)
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Bucket properties applied last, over everything this construct sets: the escape hatch for lifecycle rules,
   * CORS, a KMS key. Naming, EventBridge notifications and public access are not overridable.
   * @default none
   */
  readonly bucketProps?: Omit<
    s3.BucketProps,
    'bucketName' | 'bucketNamePrefix' | 'bucketNamespace' | 'eventBridgeEnabled' | 'blockPublicAccess'
  >;
}

/**
 * A declared bucket on AWS, as an event producer: S3 sends an event to the account's `default` bus for every object
 * written (`Object Created`, and S3's other EventBridge events), and the subscriptions narrowed with
 * `bucket.objectCreated` receive them through the shared stack's route for S3 events (`busRoutes`).
 *
 * - **Named** `<service>-<name>-<account>-<region>-an` in S3's account-regional namespace (CloudFormation's
 *   `BucketNamePrefix` + `BucketNamespace: account-regional`): the name the declaration's patterns match, which
 *   no other account can take. See `defineBucket` for why the patterns match it exactly.
 * - **EventBridge notifications** set on the bucket itself (`NotificationConfiguration.EventBridgeConfiguration`),
 *   not through aws-cdk-lib's `eventBridgeEnabled`, which adds a custom-resource Lambda to write the same setting.
 * - Encrypted (SSE-S3), TLS-only, versioned, no public access, ACLs off, retained on stack deletion.
 *
 * @example
 * const uploads = new EventSourceBucket(this, 'Uploads', { bucket: uploadsDeclaration });
 * uploads.bucket.grantPut(uploader);
 */
export class EventSourceBucket extends Construct {
  readonly declaration: Bucket;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EventSourceBucketProps) {
    super(scope, id);
    const { bucket: declaration } = props;
    if (declaration.namePrefix.length > MAX_BUCKET_ID_LENGTH) {
      throw new InvalidPlatformConfigError(
        `Bucket ${declaration.id} has a name prefix of ${declaration.namePrefix.length} characters: declare it with defineBucket, which keeps it within ${MAX_BUCKET_ID_LENGTH}.`,
      );
    }
    this.declaration = declaration;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      ...props.bucketProps,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      bucketNamespace: s3.BucketNamespace.ACCOUNT_REGIONAL,
      bucketNamePrefix: declaration.namePrefix,
    });
    const cfnBucket = this.bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
    new CfnOutput(this, 'BucketName', {
      value: this.bucket.bucketName,
      description: `${declaration.id}: ${declaration.description}`.slice(0, 1024),
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Every object written is already an EventBridge event (Object Created, with requester and source IP), kept in the bus archive; CloudTrail data events are the audit trail if reads must be logged too. An access-log bucket per declared bucket would double the bucket count for no reader.',
    });
  }
}
