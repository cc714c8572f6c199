import { RuleIndex, type Subscription } from '@paved/events';
import { ServiceLoadError } from './errors';

/** Where the bus lives, as ARNs spell it. */
export interface Place {
  readonly region: string;
  readonly accountId: string;
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
}

export const busArn = (place: Place, bus: string): string => `arn:aws:events:${place.region}:${place.accountId}:event-bus/${bus}`;
export const ruleArn = (place: Place, bus: string, rule: string): string =>
  bus === 'default'
    ? `arn:aws:events:${place.region}:${place.accountId}:rule/${rule}`
    : `arn:aws:events:${place.region}:${place.accountId}:rule/${bus}/${rule}`;
export const functionArn = (place: Place, name: string): string => `arn:aws:lambda:${place.region}:${place.accountId}:function:${name}`;
export const queueArn = (place: Place, queue: string): string => `arn:aws:sqs:${place.region}:${place.accountId}:${queue}`;
export const archiveArn = (place: Place, archive: string): string => `arn:aws:events:${place.region}:${place.accountId}:archive/${archive}`;
export const replayArn = (place: Place, replay: string): string => `arn:aws:events:${place.region}:${place.accountId}:replay/${replay}`;

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
      };
      this.indexes.get(ruleBus)!.add(name, subscription.pattern);
      this.rules.set(name, rule);
    }
  }

  /** Names of the rules on `bus` whose pattern matches `event`. */
  match(bus: string, event: object): string[] {
    return this.indexes.get(bus)?.matches(event) ?? [];
  }

  /** Rules on one bus, by name. */
  onBus(bus: string): Rule[] {
    return [...this.rules.values()].filter((rule) => rule.bus === bus).sort((a, b) => a.name.localeCompare(b.name));
  }
}
