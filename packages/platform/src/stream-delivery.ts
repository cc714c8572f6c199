import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  exampleEvent,
  partitionKeyOf,
  type StreamDelivery as StreamDeliverySettings,
  type Subscription,
} from '@paved/events';
import { Construct } from 'constructs';
import { InvalidPlatformConfigError } from './errors';

/** Kinesis keeps records at least a day; longer only when the declared maximum record age needs it. */
const MIN_RETENTION_HOURS = 24;
/** The iterator age the alarm tolerates at most: five minutes behind. */
const ITERATOR_AGE_ALARM_MS = 5 * 60 * 1000;

/** What {@link StreamDelivery} takes. */
export interface StreamDeliveryProps {
  /** The handler's subscription, with `delivery.kind` `stream`. */
  readonly subscription: Subscription;
  /** The function that reads the stream's batches. */
  readonly function: lambda.IFunction;
  /** The mapping's on-failure destination: the handler's failure DLQ. */
  readonly failureDlq: sqs.IQueue;
  /** @default the AWS-managed key of Kinesis (`alias/aws/kinesis`) */
  readonly encryptionKey?: kms.IKey;
}

/**
 * EventBridge → Kinesis → Lambda for one handler: an encrypted on-demand stream that is the rule's target, each event
 * put with the declared partition key (`PartitionKeyPath`), so events with the same key stay in order; read from the
 * oldest record (`TRIM_HORIZON`) by an event source mapping with the declared batch size, window and parallelization,
 * `ReportBatchItemFailures`, bisection on error, and a maximum record age and retry count that are never infinite
 * (Kinesis' default, which blocks a shard for up to a week behind one bad record); a record that still fails goes to
 * the handler's failure DLQ as the mapping's on-failure destination.
 *
 * On demand rather than provisioned: EventBridge puts events as they come, and a provisioned stream sized too small
 * throttles those puts (which EventBridge retries, then sends to the delivery DLQ); on demand scales its shards with
 * the traffic, and no one sizes shards per handler. Made by {@link EventHandler} for a subscription with
 * `delivery: { kind: 'stream', ... }`.
 */
export class StreamDelivery extends Construct {
  readonly subscription: Subscription;
  readonly settings: StreamDeliverySettings;
  /** The stream between the rule and the function. */
  readonly stream: kinesis.Stream;
  readonly eventSource: sources.KinesisEventSource;
  /** The function reads records later than it should: failing records are retried, or it cannot keep up. */
  readonly iteratorAgeAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StreamDeliveryProps) {
    super(scope, id);
    const { subscription } = props;
    this.subscription = subscription;
    if (subscription.delivery.kind !== 'stream') {
      throw new InvalidPlatformConfigError(
        `StreamDelivery was given handler ${subscription.id}, whose delivery is ${JSON.stringify(subscription.delivery.kind)}: ` +
          "declare delivery: { kind: 'stream', partitionKey: '$.detail.<field>' } in its subscription.",
      );
    }
    this.settings = subscription.delivery;
    checkPartitionKey(subscription, this.settings.partitionKey);
    const retentionHours = Math.max(MIN_RETENTION_HOURS, Math.ceil(this.settings.maxRecordAgeSeconds / 3600));
    this.stream = new kinesis.Stream(this, 'Stream', {
      streamMode: kinesis.StreamMode.ON_DEMAND,
      encryption: props.encryptionKey ? kinesis.StreamEncryption.KMS : kinesis.StreamEncryption.MANAGED,
      encryptionKey: props.encryptionKey,
      // A record must still be in the stream for as long as the mapping may retry it.
      retentionPeriod: Duration.hours(retentionHours),
    });
    this.eventSource = new sources.KinesisEventSource(this.stream, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: this.settings.batchSize,
      maxBatchingWindow:
        this.settings.maxBatchingWindowSeconds > 0
          ? Duration.seconds(this.settings.maxBatchingWindowSeconds)
          : undefined,
      parallelizationFactor: this.settings.parallelizationFactor,
      maxRecordAge: Duration.seconds(this.settings.maxRecordAgeSeconds),
      retryAttempts: this.settings.retryAttempts,
      bisectBatchOnError: this.settings.bisectBatchOnError,
      reportBatchItemFailures: true,
      onFailure: new sources.SqsDlq(props.failureDlq),
    });
    props.function.addEventSource(this.eventSource);
    const thresholdMs = Math.min(ITERATOR_AGE_ALARM_MS, (this.settings.maxRecordAgeSeconds * 1000) / 2);
    this.iteratorAgeAlarm = new cloudwatch.Alarm(this, 'IteratorAge', {
      metric: this.metricIteratorAge(props.function),
      threshold: thresholdMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        `${subscription.id}: the function reads its stream more than ${thresholdMs / 1000} s behind: a failing record is being ` +
        `retried (see the logs), or it cannot keep up (parallelizationFactor). Records older than ${this.settings.maxRecordAgeSeconds} s go to the failure DLQ unprocessed.`,
    });
    if (props.encryptionKey) {
      Validations.of(this.stream).acknowledge({
        id: 'AwsSolutions-KDS3',
        reason:
          'A customer-managed key was asked for (queueEncryptionKey), as for the queues; without one the stream uses the AWS-managed Kinesis key.',
      });
    }
  }

  /** The alarms this delivery adds to the handler's ({@link EventHandler} notifies its alarm topic of them). */
  get alarms(): readonly cloudwatch.Alarm[] {
    return [this.iteratorAgeAlarm];
  }

  /** The rule target: the stream with the declared partition key, with the rule target's own retries and DLQ. */
  ruleTarget(options: {
    readonly deliveryDlq: sqs.IQueue;
    readonly message: events.RuleTargetInput | undefined;
  }): events.IRuleTarget {
    return new targets.KinesisStream(this.stream, {
      partitionKeyPath: this.settings.partitionKey,
      message: options.message,
      deadLetterQueue: options.deliveryDlq,
      retryAttempts: this.subscription.deliveryRetryAttempts,
      maxEventAge: Duration.seconds(this.subscription.deliveryMaxEventAgeSeconds),
    });
  }

  /** How far behind the function reads, in milliseconds (Lambda's `IteratorAge`, maximum over the period). */
  metricIteratorAge(fn: lambda.IFunction, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return fn.metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }
}

/**
 * The partition key must name a field every example of the contract has, as text or a number: events without one
 * cannot be kept in order by it, and an object as a key would mix unrelated events.
 */
function checkPartitionKey(subscription: Subscription, path: string): void {
  const { contract } = subscription;
  for (const example of contract.examples) {
    const event = exampleEvent(contract, example);
    if (partitionKeyOf(event, path) === undefined) {
      let value: unknown = event;
      for (const field of path.slice(2).split('.'))
        value = (value as Record<string, unknown> | undefined)?.[field];
      throw new InvalidPlatformConfigError(
        `Handler ${subscription.id} partitions its stream by ${path}, which is ${JSON.stringify(value) ?? 'missing'} in an example of ` +
          `${contract.name}: every event needs text or a number there, to be kept in order with the events of the same key. ` +
          "Name a required text field of the contract, such as '$.detail.customerId'.",
      );
    }
  }
}
