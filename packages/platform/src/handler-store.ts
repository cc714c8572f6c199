import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { STORE_NAME_PATTERN, storeBucketVariable } from '@paved/events';
import { Construct } from 'constructs';
import { InvalidPlatformConfigError } from './errors';
import { type EventHandler } from './event-handler';

/** What {@link HandlerStore} takes. */
export interface HandlerStoreProps {
  /** The handler that writes to the store: granted read and write, and told the bucket's name. */
  readonly handler: EventHandler;
  /**
   * The store's name as the subscription declares it (`stores: ['stock']`) and the handler reaches it
   * (`storesOf(subscription).stock`): the bucket name goes into the `<NAME>_BUCKET` environment variable.
   */
  readonly name: string;
  /**
   * What happens to the bucket when the stack is deleted.
   * @default RemovalPolicy.RETAIN (a store holds business records)
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A private S3 bucket a handler keeps its records in, wired the way `@paved/adapters` expects: encrypted,
 * TLS-only, no public access, versioned, and named to the function by `<NAME>_BUCKET`.
 *
 * {@link EventHandler} makes one for each store its subscription declares.
 *
 * @example
 * new HandlerStore(handler, 'StoreStock', { handler, name: 'stock' });
 */
export class HandlerStore extends Construct {
  readonly bucket: s3.Bucket;
  /** The environment variable the handler reads the bucket name from. */
  readonly environmentVariable: string;

  constructor(scope: Construct, id: string, props: HandlerStoreProps) {
    super(scope, id);
    if (!STORE_NAME_PATTERN.test(props.name)) {
      throw new InvalidPlatformConfigError(
        `Invalid store name ${JSON.stringify(props.name)}: use kebab-case (lower-case letters and digits, joined by single dashes), such as "stock".`,
      );
    }
    this.environmentVariable = storeBucketVariable(props.name);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // Exactly what the adapter does (read an object, write one if absent), not grantReadWrite's wildcards.
    props.handler.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
      }),
    );
    // Without ListBucket, S3 answers a read of a missing key with 403 AccessDenied instead of 404 NoSuchKey,
    // and the adapter's `get` could not tell "absent" from "forbidden".
    props.handler.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(props.handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason:
        "Objects are keyed by order or event id, unknown until run time; the grant is GetObject and PutObject on the objects of this handler's own bucket only (and ListBucket on that bucket).",
    });
    props.handler.function.addEnvironment(this.environmentVariable, this.bucket.bucketName);
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only its own handler reads or writes this bucket, through a role scoped to it; CloudTrail data events are the audit trail if one is needed, and an access-log bucket per handler store would double the bucket count for no reader.',
    });
  }
}
