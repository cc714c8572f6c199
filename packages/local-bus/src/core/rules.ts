import {
  AWS_DEFAULT_BUS_NAME,
  busRoutes,
  RuleIndex,
  validateSubscriptionInput,
  type BusRoute,
  type Subscription,
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

/** What every rule has: a name on a bus, a pattern, and one target EventBridge retries delivering to. */
interface RuleBase {
  readonly name: string;
  readonly bus: string;
  readonly arn: string;
  readonly pattern: object;
  readonly description: string;
  /** The target's ARN: a Lambda function, or an event bus. */
  readonly targetArn: string;
  /** The rule target's dead-letter queue: events EventBridge could not deliver to the target. */
  readonly deliveryQueue: string;
  /** The rule target's retry policy: EventBridge retrying when it cannot deliver to the target. */
  readonly targetRetryPolicy: RetryPolicy;
}

/** A rule whose target is a subscription's function, derived from it as the platform's EventHandler derives it. */
export interface FunctionRule extends RuleBase {
  readonly kind: 'function';
  readonly subscription: Subscription;
  /** Lambda's on-failure destination: events the handler failed on after its retries. */
  readonly failureQueue: string;
  /** The function's event invoke config: Lambda retrying when the handler fails. */
  readonly invokeConfig: RetryPolicy;
  /**
   * For a `queue` or `stream` delivery, the SQS queue or Kinesis stream between the rule and the function: the rule
   * puts events there and an event source mapping invokes the function in batches (see `delivery/queue-target.ts`,
   * `delivery/stream-target.ts`). Undefined for `direct` delivery.
   */
  readonly buffer: RuleBuffer | undefined;
}

/** The queue or stream a batched delivery buffers a rule's events in, named after the rule. */
export interface RuleBuffer {
  readonly kind: 'queue' | 'stream';
  readonly name: string;
  readonly arn: string;
}

/** A rule whose target is another bus (bus-to-bus routing): a route `busRoutes` derives, as the platform deploys it. */
export interface BusRule extends RuleBase {
  readonly kind: 'bus';
  readonly route: BusRoute;
  /** The bus the matched events are put on. */
  readonly targetBus: string;
}

export type Rule = FunctionRule | BusRule;

/**
 * A bus target's retry policy: the platform's `BusRouteRule` deploys EventBridge's defaults, 185 retries within 24
 * hours ("How EventBridge retries delivering events", eb-rule-retry-policy in the EventBridge user guide).
 */
export const BUS_TARGET_RETRY_POLICY: RetryPolicy = {
  maximumRetryAttempts: 185,
  maximumEventAgeSeconds: 86_400,
};

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
export const streamArn = (place: Place, stream: string): string =>
  `arn:aws:kinesis:${place.region}:${place.accountId}:stream/${stream}`;

function ruleBuffer(place: Place, rule: string, kind: 'direct' | 'queue' | 'stream'): RuleBuffer | undefined {
  if (kind === 'direct') return undefined;
  const name = `${rule}-${kind}`;
  return { kind, name, arn: kind === 'queue' ? queueArn(place, name) : streamArn(place, name) };
}
export const archiveArn = (place: Place, archive: string): string =>
  `arn:aws:events:${place.region}:${place.accountId}:archive/${archive}`;
export const replayArn = (place: Place, replay: string): string =>
  `arn:aws:events:${place.region}:${place.accountId}:replay/${replay}`;

/**
 * The rules of every bus, and which of them an event matches: one rule per subscription on the custom bus, and on
 * `default` the routes to the custom bus (`busRoutes` from `@paved/events`: application events, and each kind of
 * AWS event a subscription consumes), exactly what the platform deploys.
 */
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
      // PutTargets' checks, as the platform makes them at synth: an input AWS would refuse stops the bus starting.
      validateSubscriptionInput(subscription);
      const name = subscription.id;
      this.add({
        kind: 'function',
        name,
        bus: ruleBus,
        arn: ruleArn(place, ruleBus, name),
        pattern: subscription.pattern,
        description: subscription.description,
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
        buffer: ruleBuffer(place, name, subscription.delivery.kind),
      });
    }
    const contracts = subscriptions.map((subscription) => subscription.contract);
    for (const route of busRoutes({ contracts, busName: ruleBus })) {
      this.add({
        kind: 'bus',
        name: route.name,
        bus: route.bus,
        arn: ruleArn(place, route.bus, route.name),
        pattern: route.pattern,
        description: route.description,
        route,
        targetBus: route.targetBus,
        targetArn: busArn(place, route.targetBus),
        deliveryQueue: `${route.name}-dlq`,
        targetRetryPolicy: BUS_TARGET_RETRY_POLICY,
      });
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

  /** The rules whose target is a subscription's function. */
  functionRules(): FunctionRule[] {
    return [...this.rules.values()].filter((rule): rule is FunctionRule => rule.kind === 'function');
  }

  /** A rule whose target is a function, by name. */
  functionRule(name: string): FunctionRule | undefined {
    const rule = this.rules.get(name);
    return rule?.kind === 'function' ? rule : undefined;
  }

  private add(rule: Rule): void {
    const existing = this.rules.get(rule.name);
    if (existing) {
      const what = (r: Rule) =>
        r.kind === 'function' ? `the handler at ${r.subscription.entry}` : `the route to ${r.targetBus}`;
      throw new ServiceLoadError(
        `Two rules are named "${rule.name}" (${what(existing)} and ${what(rule)}). Rename one: handler ids are <service>-<name>, routes <bus>-application-events and <bus>-<source>-<detail-type>, and must be unique.`,
      );
    }
    this.indexes.get(rule.bus)!.add(rule.name, rule.pattern);
    this.rules.set(rule.name, rule);
  }
}
