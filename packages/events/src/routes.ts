import { type AnyEventContract } from './contract';
import { InvalidBusRouteError } from './errors';
import { kebabCase } from './naming';
import { AWS_DEFAULT_BUS_NAME, DEFAULT_BUS_NAME } from './settings';
import { type EventPattern } from './subscription';

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

/** Why a route exists: all application events, or one kind of AWS service event the workspace consumes. */
export type BusRouteKind = 'application-events' | 'aws-events';

/**
 * A rule on one bus whose target is another bus: plain data, built into an `AWS::Events::Rule` by the platform and
 * installed as a local rule by the local bus, so both route the same events.
 */
export interface BusRoute {
  readonly kind: BusRouteKind;
  /** The rule's name on {@link bus}: `<targetBus>-application-events`, or `<targetBus>-<source>-<detail-type>` in kebab-case. */
  readonly name: string;
  /** The bus the rule lives on: always `default`, where AWS services and bus-less PutEvents entries put events. */
  readonly bus: string;
  /** The rule's event pattern. */
  readonly pattern: EventPattern;
  /** The bus the rule's target puts matched events on: the paved bus. */
  readonly targetBus: string;
  /** What the rule is for, for the console (at most 512 characters). */
  readonly description: string;
  /** The AWS contract whose events it forwards (`aws.s3/Object Created`); undefined for the application-events route. */
  readonly contract?: string;
}

/** What {@link busRoutes} takes. */
export interface BusRoutesProps {
  /**
   * The contracts the workspace consumes (every subscription's contract will do): each AWS-owned one
   * (`defineAwsEvent`) gets a route. Our own contracts need none: the application-events route takes them.
   * @default []
   */
  readonly contracts?: readonly AnyEventContract[];
  /**
   * The paved bus, target of every route.
   * @default DEFAULT_BUS_NAME ('paved')
   */
  readonly busName?: string;
}

/** The longest rule name EventBridge accepts. */
const MAX_RULE_NAME_LENGTH = 64;

/**
 * Every route from the `default` bus to the paved bus, derived in this one place: the platform's shared stack
 * deploys them as rules, and the local bus installs the same routes on its `default` bus.
 *
 * - **Application events**: one route, {@link APPLICATION_EVENTS_PATTERN}, so `aws events put-events` without a bus
 *   name, or with `"EventBusName": "default"`, reaches the handlers.
 * - **AWS events**: AWS services put events only on `default`. One route per kind of AWS event consumed (its source
 *   and detail-type), owned by the shared stack. Not one per subscription, nor one per service: a forwarded event
 *   gets a new id on the paved bus, so two routes matching one S3 upload would deliver it twice under two ids and
 *   every subscriber, however idempotent by event id, would run twice. Subscriptions narrow further on the paved bus.
 *
 * @example
 * busRoutes({ contracts: [OrderCreated, S3ObjectCreated] });
 * // [{ kind: 'application-events', name: 'paved-application-events', bus: 'default', targetBus: 'paved', ... },
 * //  { kind: 'aws-events', name: 'paved-aws-s3-object-created', pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'] }, ... }]
 */
export function busRoutes(props: BusRoutesProps = {}): BusRoute[] {
  const targetBus = props.busName ?? DEFAULT_BUS_NAME;
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(targetBus) || targetBus === AWS_DEFAULT_BUS_NAME) {
    throw new InvalidBusRouteError(
      `Invalid bus name ${JSON.stringify(targetBus)} for bus routes: give the paved bus's name (letters, digits, ".", "-", "_"), ` +
        `not "${AWS_DEFAULT_BUS_NAME}": a route from "${AWS_DEFAULT_BUS_NAME}" to itself would loop.`,
    );
  }
  const routes: BusRoute[] = [
    route({
      kind: 'application-events',
      name: `${targetBus}-application-events`,
      pattern: APPLICATION_EVENTS_PATTERN,
      targetBus,
      description: `Application events put on the ${AWS_DEFAULT_BUS_NAME} bus (no "aws." source) → ${targetBus}.`,
    }),
  ];
  const aws = new Map<string, AnyEventContract>();
  for (const contract of props.contracts ?? []) {
    if (contract.producer === 'aws' && !aws.has(contract.name)) aws.set(contract.name, contract);
  }
  for (const contract of [...aws.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    routes.push(
      route({
        kind: 'aws-events',
        name: `${targetBus}-${kebabCase(contract.source)}-${kebabCase(contract.detailType)}`,
        pattern: { source: [contract.source], 'detail-type': [contract.detailType] },
        targetBus,
        description: `AWS events ${contract.name}, which subscriptions consume → ${targetBus}.`,
        contract: contract.name,
      }),
    );
  }
  return routes;
}

function route(fields: Omit<BusRoute, 'bus'>): BusRoute {
  if (fields.name.length > MAX_RULE_NAME_LENGTH || !/^[.\-_A-Za-z0-9]+$/.test(fields.name)) {
    throw new InvalidBusRouteError(
      `Route name ${JSON.stringify(fields.name)} cannot name an EventBridge rule (1-${MAX_RULE_NAME_LENGTH} letters, digits, ".", "-", "_"): ` +
        'shorten the bus name.',
    );
  }
  return Object.freeze({
    ...fields,
    bus: AWS_DEFAULT_BUS_NAME,
    description: fields.description.slice(0, 512),
  });
}
