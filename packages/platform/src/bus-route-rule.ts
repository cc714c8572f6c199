import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { type BusRoute } from '@paved/events';
import { Construct } from 'constructs';
import { validateRulePattern } from './private/pattern';

/** What {@link BusRouteRule} takes. */
export interface BusRouteRuleProps {
  /** The route, as `busRoutes` derives it in `@paved/events`: its name, bus, pattern and target bus. */
  readonly route: BusRoute;
  /**
   * The bus the route puts events on.
   * @default the bus named `route.targetBus` in this account and Region
   */
  readonly targetBus?: events.IEventBus;
  /**
   * Where the route's alarms notify (on alarm and on recovery).
   * @default no notifications; the alarms still exist
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * EventBridge's retries when it cannot put an event on the target bus (0-185), before the dead-letter queue.
   * @default 185 (EventBridge's default)
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps trying (60 seconds to 24 hours).
   * @default Duration.hours(24) (EventBridge's default)
   */
  readonly maxEventAge?: Duration;
  /**
   * How long undelivered events wait in the dead-letter queue.
   * @default Duration.days(14), the longest SQS allows
   */
  readonly deadLetterRetention?: Duration;
  /**
   * A customer-managed key for the dead-letter queue, where policy demands one (its key policy must let
   * events.amazonaws.com use it; added when the key is defined in the same app).
   * @default SQS-managed encryption (SSE-SQS)
   */
  readonly queueEncryptionKey?: kms.IKey;
}

/**
 * One bus-to-bus route on AWS: a rule on `route.bus` (the account's `default` bus) whose target is the paved bus,
 * with the role EventBridge needs to put events there, a retry policy and a dead-letter queue, and alarms.
 *
 * What AWS does with a bus target, as documented and recorded:
 * - EventBridge uses the rule target's role to call PutEvents on the target bus ("Sending and receiving events
 *   between event buses in the same account and Region",
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-bus-to-bus.html); the role here may put events on
 *   that bus only, and only this rule may assume it.
 * - The target bus's rules see the event as sent (source, detail-type, account, resources, detail), but not its
 *   `id`: the forwarded event is a new event there. The classic bus-to-bus page does not say; AWS says it of the
 *   Custom Event Bus's bus target ("Events arrive on the destination bus as new events: they get a new event
 *   identifier and ingestion time", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-bus.html),
 *   and a recording against AWS of classic buses shows it too (localstack/localstack,
 *   tests/aws/services/events/test_events_cross_account_region.snapshot.json: the rule on the second bus gets
 *   another `id`, everything else unchanged). So a handler of forwarded events is idempotent on the detail, and
 *   redrive/replay tools must not match forwarded events to their originals by id.
 * - The event cannot be routed on again: "EventBridge can't route events received from a sender event bus to a
 *   third event bus" (eb-bus-to-bus, above). One hop, `default` → paved, is all paved uses.
 * - Delivery to the target bus is retried like any target's: 185 times over 24 hours by default, with exponential
 *   backoff and jitter, then the dead-letter queue ("How EventBridge retries delivering events",
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html). CloudFormation takes a
 *   `RetryPolicy` on a bus target though aws-cdk-lib's `targets.EventBus` does not (aws/aws-cdk#28735), so this
 *   construct sets the target itself.
 * - Forwarded events are charged as custom events (eb-bus-to-bus, above).
 *
 * @example
 * const [route] = busRoutes({ busName: 'paved' });
 * new BusRouteRule(this, 'ApplicationEvents', { route, targetBus: bus });
 */
export class BusRouteRule extends Construct {
  readonly route: BusRoute;
  readonly rule: events.Rule;
  /** The role EventBridge assumes to put the matched events on the target bus. */
  readonly role: iam.Role;
  /** Events EventBridge could not put on the target bus after its retries. */
  readonly deadLetterQueue: sqs.Queue;
  /** Alarms on the dead-letter queue and on events lost on the way to it. */
  readonly alarms: { readonly deadLetterMessages: cloudwatch.Alarm; readonly eventsLost: cloudwatch.Alarm };

  constructor(scope: Construct, id: string, props: BusRouteRuleProps) {
    super(scope, id);
    const { route } = props;
    this.route = route;
    validateRulePattern({
      description: `route ${route.name}`,
      pattern: route.pattern,
      fix: "Fix the subscription's pattern.",
    });
    const stack = Stack.of(this);
    const targetBus = props.targetBus ?? events.EventBus.fromEventBusName(this, 'TargetBus', route.targetBus);
    // The rule's ARN, spelled out: referencing the rule itself would make the role and the rule depend on each other.
    const ruleArn = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: route.bus === 'default' ? route.name : `${route.bus}/${route.name}`,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': ruleArn } },
      }),
      description: `Route ${route.name}: puts the events it matches on ${route.bus} onto ${route.targetBus}.`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [targetBus.eventBusArn] }),
    );

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: props.queueEncryptionKey ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED,
      encryptionMasterKey: props.queueEncryptionKey,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    });
    props.queueEncryptionKey?.grant(
      new iam.ServicePrincipal('events.amazonaws.com'),
      'kms:GenerateDataKey',
      'kms:Decrypt',
    );
    this.deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      }),
    );

    this.rule = new events.Rule(this, 'Rule', {
      eventBus: events.EventBus.fromEventBusName(this, 'SourceBus', route.bus),
      ruleName: route.name,
      description: route.description,
      // Keys pass through as written ('detail-type', 'anything-but'): the deployed pattern is the route's, exactly.
      eventPattern: route.pattern as events.EventPattern,
    });
    const retryPolicy = {
      maximumRetryAttempts: props.retryAttempts ?? 185,
      maximumEventAgeInSeconds: (props.maxEventAge ?? Duration.hours(24)).toSeconds(),
    };
    this.rule.addTarget({
      bind: () => ({
        arn: targetBus.eventBusArn,
        role: this.role,
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        retryPolicy,
      }),
    });

    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm =>
      new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${route.name}: ${description}`,
      });
    this.alarms = {
      deadLetterMessages: alarm(
        'DeadLetterMessages',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        `events could not be put on ${route.targetBus} and wait in the route's dead-letter queue. Fix the role or the bus policy, then put them on ${route.targetBus} again.`,
      ),
      eventsLost: alarm(
        'EventsLost',
        this.metric('InvocationsFailedToBeSentToDlq'),
        `events reached neither ${route.targetBus} nor the route's dead-letter queue (check the queue policy and key).`,
      ),
    };
    if (props.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(props.alarmTopic);
      for (const each of Object.values(this.alarms)) {
        each.addAlarmAction(action);
        each.addOkAction(action);
      }
    }
    Validations.of(this.deadLetterQueue).acknowledge(
      {
        id: 'AwsSolutions-SQS3',
        reason:
          "This queue is itself a dead-letter queue (the route's rule target's); cdk-nag only recognises DLQs named in another queue's RedrivePolicy or a function's DeadLetterConfig.",
      },
      {
        id: 'Serverless-SQSRedrivePolicy',
        reason:
          "This queue is itself a dead-letter queue (the route's rule target's); a DLQ of a DLQ would only hide failures.",
      },
    );
  }

  /** A metric of the rule: `Invocations`, `FailedInvocations`, `InvocationsFailedToBeSentToDlq`, ... */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      // A rule on the default bus is measured by RuleName alone; on a custom bus, with EventBusName too.
      dimensionsMap:
        this.route.bus === 'default'
          ? { RuleName: this.route.name }
          : { EventBusName: this.route.bus, RuleName: this.route.name },
      statistic: 'Sum',
      period: Duration.minutes(1),
      ...props,
    });
  }
}
