import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { HANDLER_ENV, type Subscription } from '@paved/events';
import { Construct } from 'constructs';
import { InvalidRuleError } from './errors';
import { EventHandlerAlarms } from './event-handler-alarms';
import { grantSendEmail } from './grant-send-email';
import { HandlerStore } from './handler-store';
import { handlerCode } from './private/handler-code';
import { pascalCase } from '@paved/events';
import { validateRulePattern } from './private/pattern';
import { ruleTargetInput } from './private/target-input';

/** The Lambda runtime every handler runs on: the newest Node.js aws-cdk-lib knows (cdk-nag's L1 checks for it). */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;
/**
 * What a service may set for one handler besides its subscription: the escape hatches for what a subscription
 * does not declare (`ServiceStack`'s `handlerProps`).
 */
export interface EventHandlerOptions {
  /**
   * Where the handler's alarms notify (on alarm and on recovery).
   * @default no notifications; the alarms still exist and show on the dashboard
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Lambda code to deploy instead of the handler's bundle.
   * @default the handler package's current dist/ bundle, else one bundled by esbuild at synth
   */
  readonly code?: lambda.Code;
  /**
   * Function properties applied last, over everything this construct sets (environment variables are merged).
   * The escape hatch for what the subscription does not cover: VPC, layers, log format, ephemeral storage.
   * @default none
   */
  readonly functionProps?: Partial<Omit<lambda.FunctionProps, 'tracing'>>;
  /**
   * X-Ray tracing mode. Any mode but DISABLED grants the two X-Ray actions, which only work on `*`.
   * @default lambda.Tracing.ACTIVE
   */
  readonly tracing?: lambda.Tracing;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
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
 * SES grant when it `sendsEmail`, and PutEvents rights for exactly the contracts it `publishes`. A service stack
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
  /** The stores the subscription declares, by name: a bucket each, granted to this function alone. */
  readonly stores: Readonly<Record<string, HandlerStore>>;
  /** The address the handler sends email from, when its subscription `sendsEmail`. */
  readonly mailFrom: string | undefined;
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

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Handler ${subscription.id}: writes its logs and publishes only the contracts it declares.`,
    });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.logGroup.grantWrite(this.role);

    const bundle = props.code ? undefined : handlerCode(subscription);
    this.codeSource = bundle?.source;
    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: subscription.service,
      ...(subscription.publishes.length > 0
        ? { [HANDLER_ENV.eventBusName]: props.eventBus.eventBusName }
        : {}),
      ...subscription.environment,
      ...props.functionProps?.environment,
    };
    this.function = new lambda.Function(this, 'Function', {
      description: subscription.description.slice(0, 256),
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      code: props.code ?? bundle!.code,
      handler: bundle?.handler ?? `index.${subscription.exportName}`,
      memorySize: subscription.memorySizeMb,
      timeout: Duration.seconds(subscription.timeoutSeconds),
      reservedConcurrentExecutions: subscription.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      ...props.functionProps,
      environment,
    });
    this.grantPublishing();
    this.stores = Object.fromEntries(
      subscription.stores.map((name) => [
        name,
        new HandlerStore(this, `Store${pascalCase(name)}`, { handler: this, name }),
      ]),
    );
    this.mailFrom = subscription.sendsEmail ? grantSendEmail(this) : undefined;
    this.configureTracing(props.tracing ?? lambda.Tracing.ACTIVE);

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

    this.function.configureAsyncInvoke({
      retryAttempts: subscription.retryAttempts,
      maxEventAge: Duration.seconds(subscription.maxEventAgeSeconds),
      onFailure: new destinations.SqsDestination(this.failureDlq),
    });

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
    this.rule.addTarget(
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
   * One statement per source, allowing exactly that source's declared detail-types: EventBridge checks both
   * conditions on every entry of a PutEvents call, so a handler cannot publish (spoof) anything it did not declare.
   */
  private grantPublishing(): void {
    const detailTypesBySource = new Map<string, Set<string>>();
    for (const contract of this.subscription.publishes) {
      const detailTypes = detailTypesBySource.get(contract.source) ?? new Set<string>();
      detailTypes.add(contract.detailType);
      detailTypesBySource.set(contract.source, detailTypes);
    }
    for (const [source, detailTypes] of detailTypesBySource) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [this.eventBus.eventBusArn],
          conditions: {
            StringEquals: { 'events:source': source, 'events:detail-type': [...detailTypes].sort() },
          },
        }),
      );
    }
  }

  /**
   * Tracing is switched on here rather than through the Function prop so that the X-Ray grant, which AWS only
   * allows on `*`, sits in a policy of its own: the cdk-nag acknowledgment covers that policy, not every `*` a
   * team might later add to the role.
   */
  private configureTracing(tracing: lambda.Tracing): void {
    if (tracing === lambda.Tracing.DISABLED) return;
    (this.function.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: tracing };
    const policy = new iam.Policy(this, 'TracingPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    this.function.node.addDependency(policy);
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; AWS requires "*".',
    });
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
