import type * as z from 'zod/mini';
import { buildContract, type DetailSchema, type EventContract, type EventContractProps } from '../contract';
import { InvalidContractError } from '../errors';

/** What {@link defineAwsEvent} takes: an AWS service's event, described as AWS documents it. */
export interface AwsEventContractProps<
  TSource extends string,
  TDetailType extends string,
  TSchema extends DetailSchema,
> extends EventContractProps<TSource, TDetailType, TSchema> {
  /** The AWS service's source, such as `aws.s3`. Must start with `aws.`. */
  readonly source: TSource;
  /** The page where AWS documents the event's structure: the contract's authority. */
  readonly documentation: string;
  /**
   * The envelope's `resources` AWS gives an event with this detail, such as the bucket's ARN for S3.
   * @default none: `resources` is `[]`
   */
  readonly resourcesOf?: (detail: z.output<TSchema>) => readonly string[];
}

/** A contract for an event an AWS service produces: subscribed to, never published. */
export type AwsEventContract<
  TSource extends string = string,
  TDetailType extends string = string,
  TSchema extends DetailSchema = DetailSchema,
> = EventContract<TSource, TDetailType, TSchema, 'aws'>;

/**
 * Declares the contract of an event we do not own: one an AWS service puts on the account's `default` bus, such as
 * S3's `Object Created`. It validates, types and samples like any contract, and a subscription consumes it the same
 * way, but it can never be published: `publish` refuses it, a declaration's `publishes` refuses it, and the
 * platform grants no `events:PutEvents` for it (EventBridge refuses `aws.` sources in PutEvents anyway).
 *
 * Describe the detail as AWS documents it, and keep the schema tolerant of what AWS may add: the handler of an
 * event we do not control should not fail because AWS added a field.
 *
 * @example
 * export const S3ObjectCreated = defineAwsEvent({
 *   source: 'aws.s3',
 *   detailType: 'Object Created',
 *   detail: S3ObjectCreatedSchema,
 *   description: 'An object was created in a bucket with EventBridge notifications on.',
 *   documentation: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html',
 *   resourcesOf: (detail) => [`arn:aws:s3:::${detail.bucket.name}`],
 *   examples: [{ ... }],
 * });
 */
export function defineAwsEvent<
  const TSource extends string,
  const TDetailType extends string,
  TSchema extends DetailSchema,
>(
  props: AwsEventContractProps<TSource, TDetailType, TSchema>,
): AwsEventContract<TSource, TDetailType, TSchema> {
  if (!props.source.startsWith('aws.')) {
    throw new InvalidContractError(
      `Invalid source ${JSON.stringify(props.source)} for an AWS event: AWS services' sources start with "aws.", ` +
        'such as "aws.s3". Declare an event of your own with defineEvent.',
    );
  }
  if (!/^https:\/\/\S+$/.test(props.documentation)) {
    throw new InvalidContractError(
      `Invalid documentation ${JSON.stringify(props.documentation)} for ${props.source}/${props.detailType}: ` +
        "give the https:// address of AWS's page describing the event, the contract's authority.",
    );
  }
  return buildContract(props, 'aws', {
    resourcesOf: props.resourcesOf,
    documentation: props.documentation,
  });
}
