import {
  AWS_DEFAULT_BUS_NAME,
  DEFAULT_BUS_NAME,
  targetInputOf,
  type Subscription,
  type TargetInput,
} from '@paved/events';
import { queueArn, RuleBook, type BusRule, type FunctionRule, type Place, type Rule } from './rules';

/** A target's retry policy and dead-letter queue, as PutTargets takes them. */
interface TargetDelivery {
  readonly RetryPolicy: {
    readonly MaximumRetryAttempts: number;
    readonly MaximumEventAgeInSeconds: number;
  };
  /** The target's dead-letter queue. */
  readonly DeadLetterConfig: { readonly Arn: string };
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
  readonly Target: Omit<TargetInput, 'Id'> &
    TargetDelivery & {
      readonly Id: string;
      /** The function. */
      readonly Arn: string;
    };
  readonly EventInvokeConfig: {
    readonly FunctionName: string;
    readonly MaximumRetryAttempts: number;
    readonly MaximumEventAgeInSeconds: number;
    /** The failure DLQ. */
    readonly DestinationConfig: { readonly OnFailure: { readonly Destination: string } };
  };
}

/**
 * A route the local bus installs on `default`, in the shapes of PutRule and PutTargets: what the platform's
 * `BusRouteRule` deploys for the same route (its role aside: the local bus checks no permissions).
 */
export interface LocalBusRouteDefinition {
  readonly Name: string;
  readonly Arn: string;
  readonly EventBusName: string;
  readonly EventPattern: string;
  readonly Target: TargetDelivery & {
    readonly Id: string;
    /** The target bus. */
    readonly Arn: string;
  };
}

/** A rule's target as PutTargets takes it (and ListTargetsByRule answers it): a function, or a bus. */
export function targetDefinition(
  place: Place,
  rule: Rule,
): LocalRuleDefinition['Target'] | LocalBusRouteDefinition['Target'] {
  const delivery: TargetDelivery = {
    RetryPolicy: {
      MaximumRetryAttempts: rule.targetRetryPolicy.maximumRetryAttempts,
      MaximumEventAgeInSeconds: rule.targetRetryPolicy.maximumEventAgeSeconds,
    },
    DeadLetterConfig: { Arn: queueArn(place, rule.deliveryQueue) },
  };
  const input = rule.kind === 'function' && rule.subscription.input;
  return { Id: 'Target0', Arn: rule.targetArn, ...(input ? targetInputOf(input) : {}), ...delivery };
}

/** A function rule of the bus as a {@link LocalRuleDefinition}. */
export function ruleDefinition(place: Place, rule: FunctionRule): LocalRuleDefinition {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.bus,
    EventPattern: JSON.stringify(rule.pattern),
    Target: targetDefinition(place, rule),
    EventInvokeConfig: {
      FunctionName: rule.name,
      MaximumRetryAttempts: rule.invokeConfig.maximumRetryAttempts,
      MaximumEventAgeInSeconds: rule.invokeConfig.maximumEventAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: queueArn(place, rule.failureQueue) } },
    },
  };
}

/** A route of the bus as a {@link LocalBusRouteDefinition}. */
export function routeDefinition(place: Place, rule: BusRule): LocalBusRouteDefinition {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventBusName: rule.bus,
    EventPattern: JSON.stringify(rule.pattern),
    Target: targetDefinition(place, rule),
  };
}

/** Where {@link localRules} and {@link localBusRoutes} put the bus. */
export interface LocalPlaceOptions {
  /** @default 'paved' */
  readonly busName?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
}

function ruleBook(subscriptions: readonly Subscription[], options: LocalPlaceOptions): [Place, RuleBook] {
  const place: Place = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
  };
  const busName = options.busName ?? DEFAULT_BUS_NAME;
  return [place, new RuleBook(place, [AWS_DEFAULT_BUS_NAME, busName], busName, subscriptions)];
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
  options: LocalPlaceOptions = {},
): LocalRuleDefinition[] {
  const [place, book] = ruleBook(subscriptions, options);
  return book.functionRules().map((rule) => ruleDefinition(place, rule));
}

/**
 * The routes the local bus installs on its `default` bus for `subscriptions` (`busRoutes` of their contracts),
 * with their bus targets: a test holds them against the platform stack's `BusRouteRule`s.
 *
 * @example
 * localBusRoutes([createThumbnail]).map((route) => route.Name); // ['paved-application-events', 'paved-aws-s3-object-created']
 */
export function localBusRoutes(
  subscriptions: readonly Subscription[],
  options: LocalPlaceOptions = {},
): LocalBusRouteDefinition[] {
  const [place, book] = ruleBook(subscriptions, options);
  return [...book.rules.values()].flatMap((rule) =>
    rule.kind === 'bus' ? [routeDefinition(place, rule)] : [],
  );
}
