import { InvalidBusRouteError } from './errors';
import { AWS_DEFAULT_BUS_NAME, DEFAULT_BUS_NAME } from './settings';
import { type EventPattern, type Subscription } from './subscription';

/**
 * The events that reach the `default` bus but belong on the paved bus: everything whose source does not start with
 * `aws.`. That is what applications put there (a PutEvents entry without `EventBusName` lands on `default`, as the
 * classic tutorial does); AWS services' events all have `aws.` sources and are forwarded only where subscribed.
 * `anything-but` with `prefix` is one of AWS's documented operators for event buses (recorded case
 * `content_anything_prefix` in ../shared/conformance); an event without `source` cannot exist, so nothing slips by.
 */
export const APPLICATION_EVENTS_PATTERN: EventPattern = Object.freeze({
  source: Object.freeze([Object.freeze({ 'anything-but': Object.freeze({ prefix: 'aws.' }) })]),
});

/** Why a route exists: all application events, or the AWS events some subscriptions consume. */
export type BusRouteKind = 'application-events' | 'aws-events';

/**
 * A rule on one bus whose target is another bus: plain data, built into an `AWS::Events::Rule` by the platform and
 * installed as a local rule by the local bus, so both route the same events.
 */
export interface BusRoute {
  readonly kind: BusRouteKind;
  /** The rule's name on {@link bus}: `<targetBus>-application-events`, or `<targetBus>-<subscription id>`. */
  readonly name: string;
  /** The bus the rule lives on: always `default`, where AWS services and bus-less PutEvents entries put events. */
  readonly bus: string;
  /** The rule's event pattern. */
  readonly pattern: EventPattern;
  /** The bus the rule's target puts matched events on: the paved bus. */
  readonly targetBus: string;
  /** What the rule is for, for the console (at most 512 characters). */
  readonly description: string;
  /** The ids of the subscriptions whose events it forwards; empty for the application-events route. */
  readonly subscriptions: readonly string[];
}

/** What {@link busRoutes} takes. */
export interface BusRoutesProps {
  /**
   * Subscriptions whose AWS events must reach the paved bus. Those whose contract is our own need no route.
   * @default []
   */
  readonly subscriptions?: readonly Subscription[];
  /**
   * The paved bus, target of every route.
   * @default DEFAULT_BUS_NAME ('paved')
   */
  readonly busName?: string;
  /**
   * Include the application-events route. The platform's shared stack owns it; a service stack asks for its
   * subscriptions' routes only.
   * @default true
   */
  readonly applicationEvents?: boolean;
}

/** The longest rule name EventBridge accepts. */
const MAX_RULE_NAME_LENGTH = 64;

/**
 * Every route from the `default` bus to the paved bus, derived in this one place: the platform deploys them as
 * rules (the application-events route in the shared stack, each service's AWS-event routes in its stack), and the
 * local bus installs the same routes on its `default` bus.
 *
 * - **Application events**: one route, {@link APPLICATION_EVENTS_PATTERN}, so `aws events put-events` without a bus
 *   name, or with `"EventBusName": "default"`, reaches the handlers.
 * - **AWS events**: AWS services put events only on `default`. A route per subscription to an AWS contract
 *   (`defineAwsEvent`), with exactly that subscription's pattern, so only what a team subscribes to is forwarded.
 *   Subscriptions with the same pattern share one route: two routes matching one event would put two copies on the
 *   paved bus, and every subscriber would run twice. (Different but overlapping patterns still do: see the README.)
 *
 * @example
 * busRoutes({ subscriptions: [createThumbnail] });
 * // [{ kind: 'application-events', name: 'paved-application-events', bus: 'default', targetBus: 'paved', ... },
 * //  { kind: 'aws-events', name: 'paved-media-create-thumbnail', bus: 'default', pattern: createThumbnail.pattern, ... }]
 */
export function busRoutes(props: BusRoutesProps = {}): BusRoute[] {
  const targetBus = props.busName ?? DEFAULT_BUS_NAME;
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(targetBus) || targetBus === AWS_DEFAULT_BUS_NAME) {
    throw new InvalidBusRouteError(
      `Invalid bus name ${JSON.stringify(targetBus)} for bus routes: give the paved bus's name (letters, digits, ".", "-", "_"), ` +
        `not "${AWS_DEFAULT_BUS_NAME}": a route from "${AWS_DEFAULT_BUS_NAME}" to itself would loop.`,
    );
  }
  const routes: BusRoute[] = [];
  if (props.applicationEvents ?? true) {
    routes.push(
      route({
        kind: 'application-events',
        name: `${targetBus}-application-events`,
        pattern: APPLICATION_EVENTS_PATTERN,
        targetBus,
        description: `Application events put on the ${AWS_DEFAULT_BUS_NAME} bus (no "aws." source) → ${targetBus}.`,
        subscriptions: [],
      }),
    );
  }
  const byPattern = new Map<string, { pattern: EventPattern; ids: string[] }>();
  for (const subscription of props.subscriptions ?? []) {
    if (subscription.contract.producer !== 'aws') continue;
    const key = canonicalJson(subscription.pattern);
    const shared = byPattern.get(key);
    if (shared) shared.ids.push(subscription.id);
    else byPattern.set(key, { pattern: subscription.pattern, ids: [subscription.id] });
  }
  for (const { pattern, ids } of byPattern.values()) {
    routes.push(
      route({
        kind: 'aws-events',
        name: `${targetBus}-${ids[0]}`,
        pattern,
        targetBus,
        description: `AWS events ${ids.join(', ')} ${ids.length === 1 ? 'subscribes' : 'subscribe'} to → ${targetBus}.`,
        subscriptions: ids,
      }),
    );
  }
  return routes;
}

function route(fields: Omit<BusRoute, 'bus'>): BusRoute {
  if (fields.name.length > MAX_RULE_NAME_LENGTH || !/^[.\-_A-Za-z0-9]+$/.test(fields.name)) {
    throw new InvalidBusRouteError(
      `Route name ${JSON.stringify(fields.name)} cannot name an EventBridge rule (1-${MAX_RULE_NAME_LENGTH} letters, digits, ".", "-", "_"): ` +
        "shorten the bus name or the subscription's service or name.",
    );
  }
  return Object.freeze({
    ...fields,
    bus: AWS_DEFAULT_BUS_NAME,
    description: fields.description.slice(0, 512),
    subscriptions: Object.freeze([...fields.subscriptions]),
  });
}

/** JSON with object keys sorted: two patterns that differ only in key order are the same pattern. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
