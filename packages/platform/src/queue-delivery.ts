import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { type QueueDelivery as QueueDeliverySettings, type Subscription } from '@paved/events';
import { Construct } from 'constructs';
import { InvalidPlatformConfigError } from './errors';

/** How long the queue keeps an event no one could handle yet: SQS's default, shorter than the DLQ's. */
const QUEUE_RETENTION = Duration.days(4);

/** What {@link QueueDelivery} takes. */
export interface QueueDeliveryProps {
  /** The handler's subscription, with `delivery.kind` `queue`. */
  readonly subscription: Subscription;
  /** The function that receives the queue's batches. */
  readonly function: lambda.IFunction;
  /** Where a record goes after `maxReceiveCount` receives: the handler's failure DLQ. */
  readonly failureDlq: sqs.IQueue;
  /**
   * How long the failure DLQ keeps messages: it must be longer than the queue's own 4 days, since SQS keeps a
   * message's first enqueue time when it moves it.
   */
  readonly deadLetterRetention: Duration;
  /** @default SQS-managed encryption (SSE-SQS) */
  readonly encryptionKey?: kms.IKey;
}

/**
 * EventBridge → SQS → Lambda for one handler: an encrypted, TLS-only queue that is the rule's target (EventBridge may
 * send to it for that rule alone), read by an event source mapping in batches with `ReportBatchItemFailures`, the
 * declared batch size, batching window and maximum concurrency; a record received `maxReceiveCount` times moves to the
 * handler's failure DLQ. The visibility timeout is six times the function timeout plus the batching window (AWS's
 * advice), so a record is not received again while a retried invocation may still hold it. Made by
 * {@link EventHandler} for a subscription with `delivery: { kind: 'queue' }`.
 */
export class QueueDelivery extends Construct {
  readonly subscription: Subscription;
  readonly settings: QueueDeliverySettings;
  /** The queue between the rule and the function. */
  readonly queue: sqs.Queue;
  readonly eventSource: sources.SqsEventSource;
  /** Events waiting longer than one visibility timeout: records are failing, or the function cannot keep up. */
  readonly ageOfOldestMessageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: QueueDeliveryProps) {
    super(scope, id);
    const { subscription } = props;
    this.subscription = subscription;
    if (subscription.delivery.kind !== 'queue') {
      throw new InvalidPlatformConfigError(
        `QueueDelivery was given handler ${subscription.id}, whose delivery is ${JSON.stringify(subscription.delivery.kind)}: ` +
          "declare delivery: { kind: 'queue' } in its subscription.",
      );
    }
    this.settings = subscription.delivery;
    if (props.deadLetterRetention.toSeconds() <= QUEUE_RETENTION.toSeconds()) {
      throw new InvalidPlatformConfigError(
        `Handler ${subscription.id} keeps dead letters ${props.deadLetterRetention.toHumanString()}, no longer than its queue keeps ` +
          `events (${QUEUE_RETENTION.toHumanString()}): SQS keeps a message's first enqueue time when it moves it to the DLQ, so ` +
          'it could expire there at once. Set deadLetterRetention above 4 days (the default is 14).',
      );
    }
    const visibilitySeconds = 6 * subscription.timeoutSeconds + this.settings.maxBatchingWindowSeconds;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: props.encryptionKey ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: QUEUE_RETENTION,
      visibilityTimeout: Duration.seconds(visibilitySeconds),
      deadLetterQueue: { queue: props.failureDlq, maxReceiveCount: this.settings.maxReceiveCount },
    });
    this.eventSource = new sources.SqsEventSource(this.queue, {
      batchSize: this.settings.batchSize,
      maxBatchingWindow:
        this.settings.maxBatchingWindowSeconds > 0
          ? Duration.seconds(this.settings.maxBatchingWindowSeconds)
          : undefined,
      maxConcurrency: this.settings.maxConcurrency,
      reportBatchItemFailures: true,
    });
    props.function.addEventSource(this.eventSource);
    const mapping = props.function.node.children.find(
      (child) => child instanceof lambda.EventSourceMapping && child.node.id.startsWith('SqsEventSource:'),
    );
    if (mapping) {
      Validations.of(mapping).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason:
          "Lambda takes no on-failure destination for an SQS event source mapping: a record failed maxReceiveCount times moves to the handler's failure DLQ through the queue's redrive policy.",
      });
    }
    this.ageOfOldestMessageAlarm = new cloudwatch.Alarm(this, 'AgeOfOldestMessage', {
      metric: this.metricAgeOfOldestMessage(),
      threshold: visibilitySeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        `${subscription.id}: events have waited in its queue longer than one visibility timeout (${visibilitySeconds} s): ` +
        'records are failing and being received again (see the logs), or the function cannot keep up (maxConcurrency, reserved concurrency).',
    });
  }

  /** The alarms this delivery adds to the handler's ({@link EventHandler} notifies its alarm topic of them). */
  get alarms(): readonly cloudwatch.Alarm[] {
    return [this.ageOfOldestMessageAlarm];
  }

  /** The rule target: the queue, with the rule target's own retries and delivery DLQ. */
  ruleTarget(options: {
    readonly deliveryDlq: sqs.IQueue;
    readonly message: events.RuleTargetInput | undefined;
  }): events.IRuleTarget {
    const { subscription } = this;
    return new targets.SqsQueue(this.queue, {
      message: options.message,
      deadLetterQueue: options.deliveryDlq,
      retryAttempts: subscription.deliveryRetryAttempts,
      maxEventAge: Duration.seconds(subscription.deliveryMaxEventAgeSeconds),
    });
  }

  /** The age of the oldest event in the queue, in seconds (maximum over the period). */
  metricAgeOfOldestMessage(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.queue.metricApproximateAgeOfOldestMessage({
      statistic: 'Maximum',
      period: Duration.minutes(1),
      ...props,
    });
  }
}
