import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HANDLER_ENV, pascalCase, type Subscription } from '@paved/events';
import { Construct } from 'constructs';
import { InvalidPlatformConfigError, InvalidRuleError } from './errors';
import { EventHandlerAlarms } from './event-handler-alarms';
import { type FunctionOptions } from './function-options';
import { grantSendEmail } from './grant-send-email';
import { HandlerStore } from './handler-store';
import { IdempotencyTable } from './idempotency-table';
import { createHandlerFunction } from './private/handler-function';
import { validateRulePattern } from './private/pattern';
import { ruleTargetInput } from './private/target-input';
import { QueueDelivery } from './queue-delivery';
import { StreamDelivery } from './stream-delivery';
import { configureTelemetry } from './tracing';

/**
 * What a service may set for one handler besides its subscription: the escape hatches for what a subscription
 * does not declare (`ServiceStack`'s `handlerProps`).
 */
export interface EventHandlerOptions extends FunctionOptions {
  /**
   * Where the handler's alarms notify (on alarm and on recovery).
   * @default no notifications; the alarms still exist and show on the dashboard
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * A customer-managed key for both dead-letter queues. Only needed when policy demands one: EventBridge can use
   * it only if the key's policy lets events.amazonaws.com use it, which this construct adds when the key is
   * defined in the same app.
   * @default SQS-managed encryption (SSE-SQS)
   */
  readonly queueEncryptionKey?: kms.IKey;
  /**
   * How long failed events wait in the dead-letter queues to be redriven (60 seconds to 14 days).
   * @default Duration.days(14), the longest SQS allows
   */
  readonly deadLetterRetention?: Duration;
}

/** What {@link EventHandler} takes. */
export interface EventHandlerProps extends EventHandlerOptions {
  /** The handler's one declaration: which events it consumes, how it runs, what it keeps, sends and publishes. */
  readonly subscription: Subscription;
  /** The bus the handler's rule listens on and its publishes go to. */
  readonly eventBus: events.IEventBus;
  /**
   * The table the handler keeps its idempotency records in.
   * @default the stack's table of the subscription's service (`IdempotencyTable.forService`)
   */
  readonly idempotencyTable?: IdempotencyTable;
}

/**
 * One event handler on AWS: the function, its rule on the bus, the rule target's retry policy and delivery
 * dead-letter queue, the function's async retry policy and failure dead-letter queue, and the alarms on all of them.
 *
 * Two queues because EventBridge and Lambda fail separately: the rule target's DLQ ("delivery DLQ") only receives
 * events EventBridge could not hand to Lambda at all; an event the handler throws on is retried by Lambda and then
 * sent to the function's on-failure destination ("failure DLQ"). Wiring only one loses events.
 *
 * Everything else comes from the subscription too: a {@link HandlerStore} bucket per declared store (`stores`), the
 * SES grant when it `sendsEmail`, and PutEvents rights for exactly the contracts it `publishes`. Every handler keeps
 * its idempotency records in its service's {@link IdempotencyTable} (`PAVED_IDEMPOTENCY_TABLE`) and is told its
 * failure DLQ's URL (`PAVED_FAILURE_DLQ_URL`), where the runtime sends a permanent failure without retrying it. A service stack
 * makes one per subscription; a team reaches the function, rule, queues and stores through the public members.
 *
 * @example
 * new EventHandler(this, 'ReserveStock', { subscription, eventBus });
 */
export class EventHandler extends Construct {
  readonly subscription: Subscription;
  readonly eventBus: events.IEventBus;
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly rule: events.Rule;
  /** EventBridge puts events here that it could not deliver to the function (throttling, permissions, deleted function). */
  readonly deliveryDlq: sqs.Queue;
  /** Lambda puts on-failure destination records here for events the handler failed on after all retries. */
  readonly failureDlq: sqs.Queue;
  readonly alarms: EventHandlerAlarms;
  /** The queue or stream between the rule and the function (`delivery` `queue` or `stream`); undefined for direct. */
  readonly delivery: QueueDelivery | StreamDelivery | undefined;
  /** The stores the subscription declares, by name: a bucket each, granted to this function alone. */
  readonly stores: Readonly<Record<string, HandlerStore>>;
  /** The address the handler sends email from, when its subscription `sendsEmail`. */
  readonly mailFrom: string | undefined;
  /** Its service's table of idempotency records, which it may read and write, its records only by key. */
  readonly idempotencyTable: IdempotencyTable;
  /** Whether the code came from the package's prebuilt `dist/` or was bundled at synth; undefined with `props.code`. */
  readonly codeSource: 'prebuilt' | 'synth' | undefined;

  constructor(scope: Construct, id: string, props: EventHandlerProps) {
    super(scope, id);
    const { subscription } = props;
    this.subscription = subscription;
    this.eventBus = props.eventBus;
    validateRulePattern(subscription);
    const targetInput = ruleTargetInput(subscription);
    if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(subscription.id)) {
      throw new InvalidRuleError(
        `Handler id ${JSON.stringify(subscription.id)} cannot name an EventBridge rule (1-64 letters, digits, ".", "-", "_"). Shorten the subscription's service or name.`,
      );
    }

    const parts = createHandlerFunction(this, {
      ...props,
      roleDescription: `Handler ${subscription.id}: writes its logs and publishes only the contracts it declares.`,
      owner: `Handler ${subscription.id}`,
      service: subscription.service,
      description: subscription.description,
      entry: subscription.entry,
      exportName: subscription.exportName,
      memorySizeMb: subscription.memorySizeMb,
      timeoutSeconds: subscription.timeoutSeconds,
      reservedConcurrency: subscription.reservedConcurrency,
      publishes: subscription.publishes,
      environment: subscription.environment,
    });
    this.role = parts.role;
    this.logGroup = parts.logGroup;
    this.function = parts.function;
    this.codeSource = parts.codeSource;
    configureTelemetry(this.function, {
      service: subscription.service,
      environment: { ...subscription.environment, ...props.functionProps?.environment },
    });
    this.stores = Object.fromEntries(
      subscription.stores.map((name) => [
        name,
        new HandlerStore(this, `Store${pascalCase(name)}`, { handler: this, name }),
      ]),
    );
    this.mailFrom = subscription.sendsEmail ? grantSendEmail(this) : undefined;
    this.grantReads();

    const queueProps: sqs.QueueProps = {
      encryption: props.queueEncryptionKey ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: props.queueEncryptionKey,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    };
    this.deliveryDlq = new sqs.Queue(this, 'DeliveryDlq', queueProps);
    this.failureDlq = new sqs.Queue(this, 'FailureDlq', queueProps);
    props.queueEncryptionKey?.grant(
      new iam.ServicePrincipal('events.amazonaws.com'),
      'kms:GenerateDataKey',
      'kms:Decrypt',
    );

    // With queue or stream delivery, the only asynchronous invokes are redrives from the failure DLQ (README:
    // Redriving): a failed redrive goes back there instead of being dropped.
    this.function.configureAsyncInvoke({
      retryAttempts: subscription.retryAttempts,
      maxEventAge: Duration.seconds(subscription.maxEventAgeSeconds),
      // Lambda sends the record with the function's role: the destination grants that role SendMessage on this
      // queue alone, which is also how the runtime sends a permanent failure there itself, without the retries.
      onFailure: new destinations.SqsDestination(this.failureDlq),
    });
    this.function.addEnvironment(HANDLER_ENV.failureDlqUrl, this.failureDlq.queueUrl);
    this.idempotencyTable = props.idempotencyTable ?? IdempotencyTable.forService(this, subscription.service);
    if (this.idempotencyTable.service !== subscription.service) {
      throw new InvalidPlatformConfigError(
        `Handler ${subscription.id} was given the idempotency table of service ${JSON.stringify(this.idempotencyTable.service)}: ` +
          "a handler keeps its records in its own service's table. Pass that one, or leave idempotencyTable out.",
      );
    }
    this.idempotencyTable.grantRecords(this);

    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.eventBus,
      // A fixed name: on a custom bus the rule's Ref is "bus|rule", useless as the RuleName metric dimension.
      ruleName: subscription.id,
      description: `${subscription.contract.name} → ${subscription.id}: ${subscription.description}`.slice(
        0,
        512,
      ),
      // Keys pass through as written ('detail-type', '$or'), so the deployed pattern is the subscription's, exactly.
      eventPattern: subscription.pattern as events.EventPattern,
    });
    const { kind } = subscription.delivery;
    const deliveryProps = {
      subscription,
      function: this.function,
      failureDlq: this.failureDlq,
      encryptionKey: props.queueEncryptionKey,
    };
    this.delivery =
      kind === 'queue'
        ? new QueueDelivery(this, 'Queue', {
            ...deliveryProps,
            deadLetterRetention: queueProps.retentionPeriod ?? Duration.days(14),
          })
        : kind === 'stream'
          ? new StreamDelivery(this, 'Stream', deliveryProps)
          : undefined;
    this.rule.addTarget(
      this.delivery?.ruleTarget({ deliveryDlq: this.deliveryDlq, message: targetInput }) ??
        new targets.LambdaFunction(this.function, {
          // The subscription's input, field for field: the one declaration the local bus applies too.
          event: targetInput,
          deadLetterQueue: this.deliveryDlq,
          retryAttempts: subscription.deliveryRetryAttempts,
          maxEventAge: Duration.seconds(subscription.deliveryMaxEventAgeSeconds),
        }),
    );

    this.alarms = new EventHandlerAlarms(this, 'Alarms', { handler: this });
    if (props.alarmTopic) this.alarms.notify(new cloudwatchActions.SnsAction(props.alarmTopic));
    if (props.alarmTopic) {
      for (const alarm of this.delivery?.alarms ?? []) {
        alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
        alarm.addOkAction(new cloudwatchActions.SnsAction(props.alarmTopic));
      }
    }
    this.acknowledgeNagFindings();
  }

  /** Errors the handler threw (each retry counts). */
  metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors({ statistic: 'Sum', ...props });
  }

  /** Invocations Lambda throttled; for async invokes Lambda retries these itself for up to six hours. */
  metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles({ statistic: 'Sum', ...props });
  }

  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricInvocations({ statistic: 'Sum', ...props });
  }

  metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricDuration({ statistic: 'p99', ...props });
  }

  /** Events Lambda gave up on (retries or maximum age exhausted); with the failure DLQ they are in it, not lost. */
  metricAsyncEventsDropped(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metric('AsyncEventsDropped', { statistic: 'Sum', ...props });
  }

  /** Failure records Lambda could not put on the failure DLQ: those events are lost. */
  metricDestinationDeliveryFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metric('DestinationDeliveryFailures', { statistic: 'Sum', ...props });
  }

  /** Messages waiting in the failure DLQ. */
  metricFailureDlqMessages(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.failureDlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', ...props });
  }

  /** Messages waiting in the delivery DLQ. */
  metricDeliveryDlqMessages(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryDlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', ...props });
  }

  /** Events the rule could not deliver after all its retries (they go to the delivery DLQ). */
  metricRuleFailedInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ruleMetric('FailedInvocations', props);
  }

  /** Events the rule could deliver neither to the function nor to the delivery DLQ: those events are lost. */
  metricRuleInvocationsFailedToBeSentToDlq(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ruleMetric('InvocationsFailedToBeSentToDlq', props);
  }

  /** Events the rule matched and sent on. */
  metricRuleInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.ruleMetric('Invocations', props);
  }

  private ruleMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      // Metrics of a rule on a custom bus carry both dimensions; RuleName alone is the default bus.
      dimensionsMap: { EventBusName: this.eventBus.eventBusName, RuleName: this.subscription.id },
      statistic: 'Sum',
      ...props,
    });
  }

  /**
   * `s3:GetObject` on the objects of each bucket the subscription `reads` (and `s3:ListBucket` on the bucket), by the physical name every stack derives
   * from the declaration (`bucketName`), so a handler may read another service's bucket without a cross-stack
   * reference: that bucket's objects and no other's.
   */
  private grantReads(): void {
    const { reads, id } = this.subscription;
    if (reads.length === 0) return;
    const stack = Stack.of(this);
    const arns = reads.map(
      (bucket) => `arn:${stack.partition}:s3:::${bucket.namePrefix}-${stack.account}-${stack.region}-an`,
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: arns.map((arn) => `${arn}/*`) }),
    );
    // Without ListBucket, S3 answers a read of a deleted object with 403 AccessDenied instead of 404 NoSuchKey,
    // and `objectsIn(...).get` could not tell "gone" from "forbidden" (as for HandlerStore).
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: arns }));
    // cdk-nag names a finding by the resource as the template spells it: pseudo parameters as <AWS::...>.
    const spelled = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    for (const bucket of reads) {
      const name = `${bucket.namePrefix}-${spelled(stack.account, 'AccountId')}-${spelled(stack.region, 'Region')}-an`;
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${name}/*]`,
        reason: `Handler ${id} reads the objects its events name, in bucket ${bucket.id} that its subscription declares it reads, and no other bucket.`,
      });
    }
  }

  private acknowledgeNagFindings(): void {
    for (const [queue, role] of [
      [this.deliveryDlq, 'the delivery dead-letter queue of the rule target'],
      [this.failureDlq, "the function's on-failure destination"],
    ] as const) {
      Validations.of(queue).acknowledge(
        {
          id: 'AwsSolutions-SQS3',
          reason: `This queue is itself a dead-letter queue (${role}); cdk-nag only recognises DLQs named in another queue's RedrivePolicy or a function's DeadLetterConfig.`,
        },
        {
          id: 'Serverless-SQSRedrivePolicy',
          reason: `This queue is itself a dead-letter queue (${role}); a DLQ of a DLQ would only hide failures, and its messages are redriven by hand (README: Redriving).`,
        },
      );
    }
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed async invocations go to the on-failure destination (the failure DLQ), which records the error and request context; a function DeadLetterConfig would receive the same events without them.',
    });
  }
}
