import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { EventHandler } from './event-handler';

/** What {@link EventHandlerAlarms} takes. */
export interface EventHandlerAlarmsProps {
  /** The handler whose metrics the alarms watch. */
  readonly handler: EventHandler;
  /**
   * The period every alarm evaluates; each fires on the first period above zero.
   * @default Duration.minutes(1)
   */
  readonly period?: Duration;
}

/**
 * The alarms every handler gets, each firing when its metric goes above zero: a failed or lost event is never
 * normal. Created by {@link EventHandler}; exposed so a team can adjust one (`alarms.errors.node.defaultChild`).
 */
export class EventHandlerAlarms extends Construct {
  /** The handler threw. Lambda retries, so this alone loses nothing; the failure DLQ alarm says when retries ran out. */
  readonly errors: cloudwatch.Alarm;
  /** Lambda throttled invocations (reserved concurrency reached, or the account's). */
  readonly throttles: cloudwatch.Alarm;
  /** Events the handler failed on after every retry are waiting in the failure DLQ. */
  readonly failureDlqMessages: cloudwatch.Alarm;
  /** Events EventBridge could not deliver are waiting in the delivery DLQ. */
  readonly deliveryDlqMessages: cloudwatch.Alarm;
  /** The rule failed invocations permanently. */
  readonly ruleFailedInvocations: cloudwatch.Alarm;
  /** Lambda dropped async events (retries or maximum event age exhausted). */
  readonly asyncEventsDropped: cloudwatch.Alarm;
  /** Events neither queue caught: the failure destination or the delivery DLQ could not be written. */
  readonly eventsLost: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EventHandlerAlarmsProps) {
    super(scope, id);
    const { handler } = props;
    const period = props.period ?? Duration.minutes(1);
    const name = handler.subscription.id;
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm =>
      new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // Most of these metrics are only published when non-zero: no data means nothing went wrong.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name}: ${description}`,
      });

    this.errors = alarm(
      'Errors',
      handler.metricErrors({ period }),
      'the handler threw. Lambda retries it; check the logs.',
    );
    this.throttles = alarm(
      'Throttles',
      handler.metricThrottles({ period }),
      'Lambda throttled the handler (reserved or account concurrency). Events are delayed, and may reach a DLQ.',
    );
    this.failureDlqMessages = alarm(
      'FailureDlqMessages',
      handler.metricFailureDlqMessages({ period }),
      'events failed after every retry and wait in the failure DLQ. Fix the cause, then redrive (README: Redriving).',
    );
    this.deliveryDlqMessages = alarm(
      'DeliveryDlqMessages',
      handler.metricDeliveryDlqMessages({ period }),
      'EventBridge could not deliver events to the function; they wait in the delivery DLQ (README: Redriving).',
    );
    this.ruleFailedInvocations = alarm(
      'RuleFailedInvocations',
      handler.metricRuleFailedInvocations({ period }),
      'the rule failed to invoke the function after all its retries.',
    );
    this.asyncEventsDropped = alarm(
      'AsyncEventsDropped',
      handler.metricAsyncEventsDropped({ period }),
      'Lambda gave up on events (retries or maximum event age exhausted); they went to the failure DLQ.',
    );
    this.eventsLost = alarm(
      'EventsLost',
      new cloudwatch.MathExpression({
        expression: 'FILL(destination, 0) + FILL(deliveryDlq, 0)',
        usingMetrics: {
          destination: handler.metricDestinationDeliveryFailures({ period }),
          deliveryDlq: handler.metricRuleInvocationsFailedToBeSentToDlq({ period }),
        },
        label: 'Events lost',
        period,
      }),
      'events reached neither dead-letter queue (check the queue policies and encryption key). Replay them from the archive.',
    );
  }

  /** Every alarm, in a stable order. */
  get all(): readonly cloudwatch.Alarm[] {
    return [
      this.errors,
      this.throttles,
      this.failureDlqMessages,
      this.deliveryDlqMessages,
      this.ruleFailedInvocations,
      this.asyncEventsDropped,
      this.eventsLost,
    ];
  }

  /** Sends every alarm's transitions to `action`, both into alarm and back to OK. */
  notify(action: cloudwatch.IAlarmAction): void {
    for (const alarm of this.all) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
