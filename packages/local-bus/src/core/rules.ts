import {
  AWS_DEFAULT_BUS_NAME,
  DEFAULT_BUS_NAME,
  RuleIndex,
  targetInputOf,
  validateSubscriptionInput,
  type Subscription,
  type TargetInput,
} from '@paved/events';
import { ServiceLoadError } from '../errors';
import { eventJson, type BusEvent } from './event';

/** Where the bus lives, as ARNs spell it. */
export interface Place {
  readonly region: string;
  readonly accountId: string;
}

/** One retry layer: how many retries, and how long after the event was accepted they may go on. */
export interface RetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

/** A rule on the bus and its one target, both derived from a subscription as the CDK stack derives them. */
export interface Rule {
  /** The rule name: the subscription id. */
  readonly name: string;
  readonly bus: string;
  readonly arn: string;
  readonly pattern: object;
  readonly subscription: Subscription;
  /** The Lambda function's ARN. */
  readonly targetArn: string;
  /** Lambda's on-failure destination: events the handler failed on after its retries. */
  readonly failureQueue: string;
  /** The rule target's dead-letter queue: events EventBridge could not deliver to the function. */
  readonly deliveryQueue: string;
  /** The rule target's retry policy: EventBridge retrying when it cannot reach the function. */
  readonly targetRetryPolicy: RetryPolicy;
  /** The function's event invoke config: Lambda retrying when the handler fails. */
  readonly invokeConfig: RetryPolicy;
}

export const busArn = (place: Place, bus: string): string =>
  `arn:aws:events:${place.region}:${place.accountId}:event-bus/${bus}`;
export const ruleArn = (place: Place, bus: string, rule: string): string =>
  bus === AWS_DEFAULT_BUS_NAME
    ? `arn:aws:events:${place.region}:${place.accountId}:rule/${rule}`
    : `arn:aws:events:${place.region}:${place.accountId}:rule/${bus}/${rule}`;
export const functionArn = (place: Place, name: string): string =>
  `arn:aws:lambda:${place.region}:${place.accountId}:function:${name}`;
export const queueArn = (place: Place, queue: string): string =>
  `arn:aws:sqs:${place.region}:${place.accountId}:${queue}`;
export const archiveArn = (place: Place, archive: string): string =>
  `arn:aws:events:${place.region}:${place.accountId}:archive/${archive}`;
export const replayArn = (place: Place, replay: string): string =>
  `arn:aws:events:${place.region}:${place.accountId}:replay/${replay}`;

/** The rules of every bus, and which of them an event matches. */
export class RuleBook {
  readonly rules = new Map<string, Rule>();
  private readonly indexes = new Map<string, RuleIndex>();

  constructor(
    place: Place,
    /** Bus names that exist: `default` and the custom bus. */
    readonly buses: readonly string[],
    ruleBus: string,
    subscriptions: readonly Subscription[],
  ) {
    for (const bus of buses) this.indexes.set(bus, new RuleIndex());
    for (const subscription of subscriptions) {
      const name = subscription.id;
      if (this.rules.has(name)) {
        throw new ServiceLoadError(
          `Two handlers have the id "${name}" (${this.rules.get(name)!.subscription.entry} and ${subscription.entry}). Rename one: ids are <service>-<name> and must be unique.`,
        );
      }
      const rule: Rule = {
        name,
        bus: ruleBus,
        arn: ruleArn(place, ruleBus, name),
        pattern: subscription.pattern,
        subscription,
        targetArn: functionArn(place, name),
        failureQueue: `${name}-failure-dlq`,
        deliveryQueue: `${name}-delivery-dlq`,
        targetRetryPolicy: {
          maximumRetryAttempts: subscription.deliveryRetryAttempts,
          maximumEventAgeSeconds: subscription.deliveryMaxEventAgeSeconds,
        },
        invokeConfig: {
          maximumRetryAttempts: subscription.retryAttempts,
          maximumEventAgeSeconds: subscription.maxEventAgeSeconds,
        },
      };
      this.indexes.get(ruleBus)!.add(name, subscription.pattern);
      // PutTargets' checks, as the platform makes them at synth: an input AWS would refuse stops the bus starting.
      validateSubscriptionInput(subscription);
      this.rules.set(name, rule);
    }
  }

  /**
   * Names of the rules on `bus` whose pattern matches `event`. Matched on the event's JSON (the text the journal
   * and the handlers get): numbers are compared as written, as AWS compares them, and the pattern engine reads
   * only the fields the rules test.
   */
  match(bus: string, event: BusEvent): string[] {
    return this.indexes.get(bus)?.matchesJson(eventJson(event)) ?? [];
  }

  /** Rules on one bus, by name. */
  onBus(bus: string): Rule[] {
    return [...this.rules.values()]
      .filter((rule) => rule.bus === bus)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * A rule the local bus creates for a subscription, with its target and its function's retry settings, in the
 * shapes of EventBridge's PutRule and PutTargets and Lambda's PutFunctionEventInvokeConfig: what the platform's
 * EventHandler deploys for the same subscription, so the two can be compared field by field.
 */
export interface LocalRuleDefinition {
  readonly Name: string;
  readonly Arn: string;
  readonly EventBusName: string;
  /** The event pattern as JSON, as PutRule takes it. */
  readonly EventPattern: string;
  /** The target, with the subscription's `Input`, `InputPath` or `InputTransformer` when it has an input. */
  readonly Target: Omit<TargetInput, 'Id'> & {
    readonly Id: string;
    /** The function. */
    readonly Arn: string;
    readonly RetryPolicy: {
      readonly MaximumRetryAttempts: number;
      readonly MaximumEventAgeInSeconds: number;
    };
    /** The delivery DLQ. */
    readonly DeadLetterConfig: { readonly Arn: string };
  };
  readonly EventInvokeConfig: {
    readonly FunctionName: string;
    readonly MaximumRetryAttempts: number;
    readonly MaximumEventAgeInSeconds: number;
    /** The failure DLQ. */
    readonly DestinationConfig: { readonly OnFailure: { readonly Destination: string } };
  };
}

/** A rule of the bus as a {@link LocalRuleDefinition}: what ListTargetsByRule answers comes from here too. */
export function ruleDefinition(place: Place, rule: Rule): LocalRuleDefinition {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.bus,
    EventPattern: JSON.stringify(rule.pattern),
    Target: {
      Id: 'Target0',
      Arn: rule.targetArn,
      ...(rule.subscription.input ? targetInputOf(rule.subscription.input) : {}),
      RetryPolicy: {
        MaximumRetryAttempts: rule.targetRetryPolicy.maximumRetryAttempts,
        MaximumEventAgeInSeconds: rule.targetRetryPolicy.maximumEventAgeSeconds,
      },
      DeadLetterConfig: { Arn: queueArn(place, rule.deliveryQueue) },
    },
    EventInvokeConfig: {
      FunctionName: rule.name,
      MaximumRetryAttempts: rule.invokeConfig.maximumRetryAttempts,
      MaximumEventAgeInSeconds: rule.invokeConfig.maximumEventAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: queueArn(place, rule.failureQueue) } },
    },
  };
}

/**
 * The rules the local bus creates for `subscriptions`, in subscription order: the same code the bus runs
 * builds them, so a test can hold them against a synthesized stack.
 *
 * @example
 * const [rule] = localRules([ReserveStock.subscription]);
 * expect(JSON.parse(rule.EventPattern)).toEqual(template.findResources('AWS::Events::Rule')[id].Properties.EventPattern);
 */
export function localRules(
  subscriptions: readonly Subscription[],
  options: { readonly busName?: string; readonly region?: string; readonly accountId?: string } = {},
): LocalRuleDefinition[] {
  const place: Place = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
  };
  const busName = options.busName ?? DEFAULT_BUS_NAME;
  const book = new RuleBook(place, [AWS_DEFAULT_BUS_NAME, busName], busName, subscriptions);
  return [...book.rules.values()].map((rule) => ruleDefinition(place, rule));
}
