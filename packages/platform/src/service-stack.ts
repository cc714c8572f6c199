import { CfnOutput, CfnResource, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { type Api, type Bucket, pascalCase, type Subscription } from '@paved/events';
import { type Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { type ApiEndpointOptions } from './api-endpoint';
import { runtimeMetricsWidgets } from './dashboard';
import { InvalidPlatformConfigError } from './errors';
import { EventHandler, type EventHandlerOptions } from './event-handler';
import { EventSourceBucket } from './event-source-bucket';
import { HandlerGroupStack } from './handler-group-stack';
import {
  checkHandlerPlacement,
  HANDLER_GROUP_COUNT,
  handlerGroupId,
  handlerGroupOf,
  type HandlerLayout,
  STACK_RESOURCE_LIMIT,
} from './handler-placement';
import { IdempotencyTable } from './idempotency-table';
import { platformNames } from './names';
import { PavedBus } from './paved-bus';
import { ServiceApi } from './service-api';
import { ServiceDashboard } from './service-dashboard';

/** What {@link ServiceStack} takes. */
export interface ServiceStackProps extends StackProps {
  /** The service (team), kebab-case: every handler's subscription must name it. */
  readonly service: string;
  /** The service's subscriptions, as its `src/subscriptions.ts` lists them: one handler each. */
  readonly subscriptions: readonly Subscription[];
  /**
   * The platform's bus name.
   * @default DEFAULT_BUS_NAME ('paved')
   */
  readonly busName?: string;
  /**
   * Send this service's alarms to its own topic with this address subscribed.
   * @default the platform's shared alarm topic
   */
  readonly alarmEmail?: string;
  /**
   * Extra props for single handlers, by subscription name (`{ 'reserve-stock': { functionProps: { ... } } }`).
   * @default none
   */
  readonly handlerProps?: Readonly<Record<string, EventHandlerOptions>>;
  /**
   * The buckets the service owns whose object events the system consumes (`defineBucket`): one
   * {@link EventSourceBucket} each, named as their declarations' patterns expect.
   * @default []
   */
  readonly buckets?: readonly Bucket[];
  /**
   * The service's HTTP endpoints (`defineApi`): one API Gateway HTTP API for the service, a route and a function each
   * ({@link ServiceApi}); its address is the stack output `ApiUrl`.
   * @default [] (no HTTP API)
   */
  readonly apis?: readonly Api[];
  /**
   * The default authorizer of every route of the service's HTTP API, such as a JWT authorizer
   * (`aws-cdk-lib/aws-apigatewayv2-authorizers`). Authorization is the team's decision.
   * @default none: the routes are public
   */
  readonly apiAuthorizer?: apigwv2.IHttpRouteAuthorizer;
  /**
   * Extra props for single API endpoints, by API name (`{ 'create-order': { authorizer, functionProps } }`).
   * @default none
   */
  readonly apiProps?: Readonly<Record<string, ApiEndpointOptions>>;
  /**
   * Where the handlers go: `nested`, each in one of 32 nested stacks chosen by a hash of its id, so a service of any
   * size deploys and adding or removing a handler moves no other; or `flat`, all in this stack, only for a service
   * deployed that way before nesting (CloudFormation's 500 resources a stack then cap it near 20 handlers). Platform
   * README, "Stack layout".
   * @default 'nested'
   */
  readonly handlerLayout?: HandlerLayout;
  /**
   * Pins handlers, by subscription name, to a group (0 to 31) instead of their hash's: recorded here, in the service's
   * code, for the rare group a hash fills (synth says which). Pinning a deployed handler moves it, which replaces its
   * function and queues once.
   * @default none: every handler in its hash's group
   */
  readonly handlerPlacement?: Readonly<Record<string, number>>;
}

/**
 * One deployable service: an {@link EventHandler} per subscription on the platform's bus (AWS events its
 * subscriptions consume reach that bus through the shared stack's routes: `PlatformStack`), the
 * {@link IdempotencyTable} its handlers keep their idempotency records in, an
 * {@link EventSourceBucket} per declared bucket, a {@link ServiceApi} for its declared APIs, the alarms notifying a
 * topic, and the service's dashboard.
 *
 * The handlers go into nested stacks ({@link HandlerGroupStack}), each into the one of 32 that a hash of its id names
 * (`handlerGroupOf`), so a service of any size stays within CloudFormation's 500 resources a stack and adding or
 * removing a handler never moves another (platform README, "Stack layout"); `handlerLayout: 'flat'` keeps a service
 * deployed before nesting as it was.
 *
 * @example
 * new ServiceStack(app, 'Inventory', { service: 'inventory', subscriptions });
 */
export class ServiceStack extends Stack {
  readonly service: string;
  readonly eventBus: events.IEventBus;
  readonly alarmTopic: sns.ITopic;
  readonly handlers: readonly EventHandler[];
  /** The layout of its handlers (`handlerLayout`). */
  readonly handlerLayout: HandlerLayout;
  /** The nested stacks of its handlers, by group number, only those that hold one; none with the `flat` layout. */
  readonly handlerGroups: readonly HandlerGroupStack[];
  /** The table every handler of the service keeps its idempotency records in. */
  readonly idempotencyTable: IdempotencyTable;
  /** The declared buckets, by name. */
  readonly buckets: Readonly<Record<string, EventSourceBucket>>;
  /** The service's HTTP API; undefined when it declares no API. */
  readonly api: ServiceApi | undefined;
  readonly dashboard: ServiceDashboard;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const names = platformNames(props.busName);
    this.service = props.service;
    checkHandlers(props);
    checkBuckets(props);
    this.eventBus = PavedBus.fromBusName(this, 'EventBus', names.busName);
    this.alarmTopic = props.alarmEmail
      ? new AlarmTopic(this, 'Alarms', { emails: [props.alarmEmail] }).topic
      : AlarmTopic.fromTopicName(this, 'Alarms', names.alarmTopicName);
    this.idempotencyTable = new IdempotencyTable(this, 'IdempotencyTable', { service: props.service });
    this.handlerLayout = props.handlerLayout ?? 'nested';
    const groups = new Map<number, HandlerGroupStack>();
    const scopeOf = (subscription: Subscription): Construct => {
      if (this.handlerLayout === 'flat') return this;
      const group = handlerGroupOf(subscription, props.handlerPlacement?.[subscription.name]);
      const existing = groups.get(group);
      if (existing) return existing;
      const created = new HandlerGroupStack(this, handlerGroupId(group), { service: props.service, group });
      groups.set(group, created);
      return created;
    };
    this.handlers = props.subscriptions.map((subscription) => {
      const scope = scopeOf(subscription);
      const handler = new EventHandler(scope, pascalCase(subscription.name), {
        ...props.handlerProps?.[subscription.name],
        subscription,
        eventBus: this.eventBus,
        idempotencyTable: this.idempotencyTable,
        alarmTopic: props.handlerProps?.[subscription.name]?.alarmTopic ?? this.alarmTopic,
      });
      if (scope instanceof HandlerGroupStack) scope._addHandler(handler);
      return handler;
    });
    this.handlerGroups = [...groups.values()].sort((a, b) => a.group - b.group);
    this.buckets = Object.fromEntries(
      (props.buckets ?? []).map((bucket) => [
        bucket.name,
        new EventSourceBucket(this, `Bucket${pascalCase(bucket.name)}`, { bucket }),
      ]),
    );
    this.api =
      (props.apis ?? []).length === 0
        ? undefined
        : new ServiceApi(this, 'Api', {
            service: props.service,
            apis: props.apis!,
            eventBus: this.eventBus,
            apiName: names.apiName(props.service),
            alarmTopic: this.alarmTopic,
            authorizer: props.apiAuthorizer,
            apiProps: props.apiProps,
          });
    if (this.api)
      new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: `The ${props.service} HTTP API.` });
    // A dashboard holds at most 500 widgets (about 50 handlers' rows): with nested stacks each group has its own,
    // beside its handlers (no outputs from the nested stacks), and the service's lists them.
    const dashboardName = names.dashboardName(props.service);
    const groupDashboardName = (group: HandlerGroupStack) =>
      `${dashboardName}-${handlerGroupId(group.group).toLowerCase()}`;
    for (const group of this.handlerGroups) {
      const dashboard = new ServiceDashboard(group, 'Dashboard', {
        service: props.service,
        handlers: group.handlers,
        dashboardName: groupDashboardName(group),
        subtitle: `handlers, group ${group.group}`,
      });
      dashboard.dashboard.addWidgets(
        ...runtimeMetricsWidgets({ service: props.service, handlers: group.handlers }),
      );
      group._setDashboard(dashboard);
    }
    const flat = this.handlerLayout === 'flat';
    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      service: props.service,
      handlers: flat ? this.handlers : [],
      dashboardName,
      handlerDashboards: this.handlerGroups.map((group) => ({
        dashboardName: groupDashboardName(group),
        handlers: group.handlers.map((handler) => handler.subscription.name),
      })),
    });
    // The runtime's own metrics (handled, failed by class, duration, published) under the AWS-metric rows.
    this.dashboard.dashboard.addWidgets(
      ...runtimeMetricsWidgets({
        service: props.service,
        handlers: flat ? this.handlers : [],
        endpoints: this.api?.endpoints,
      }),
    );
    checkGroupSizes(this);
  }

  /** The handler of the subscription named `name`: the escape hatch to its function, rule, queues and stores. */
  handler(name: string): EventHandler {
    const handler = this.handlers.find((candidate) => candidate.subscription.name === name);
    if (!handler) {
      throw new InvalidPlatformConfigError(
        `Service ${this.service} has no handler ${JSON.stringify(name)} (handlers: ${this.handlers.map((h) => h.subscription.name).join(', ') || 'none'}). Use the subscription's name.`,
      );
    }
    return handler;
  }
}

function checkBuckets(props: ServiceStackProps): void {
  const seen = new Set<string>();
  for (const bucket of props.buckets ?? []) {
    if (bucket.service !== props.service) {
      throw new InvalidPlatformConfigError(
        `Bucket ${bucket.id} belongs to service ${JSON.stringify(bucket.service)}, not ${JSON.stringify(props.service)}: ` +
          "deploy it in its own service's stack (subscribe to it from any service), or fix the declaration's service.",
      );
    }
    if (seen.has(bucket.name)) {
      throw new InvalidPlatformConfigError(
        `Bucket ${bucket.id} is listed twice in service ${props.service}: list each bucket once.`,
      );
    }
    seen.add(bucket.name);
  }
}

function checkHandlers(props: ServiceStackProps): void {
  const seen = new Set<string>();
  for (const subscription of props.subscriptions) {
    if (subscription.service !== props.service) {
      throw new InvalidPlatformConfigError(
        `Handler ${subscription.id} belongs to service ${JSON.stringify(subscription.service)}, not ${JSON.stringify(props.service)}: ` +
          "list it in its own service's stack, or fix the subscription's service.",
      );
    }
    if (seen.has(subscription.name)) {
      throw new InvalidPlatformConfigError(
        `Handler ${subscription.id} is listed twice in service ${props.service}: list each handler once.`,
      );
    }
    seen.add(subscription.name);
  }
  checkHandlerPlacement(props.service, seen, props.handlerPlacement ?? {});
  if (props.handlerLayout === 'flat' && Object.keys(props.handlerPlacement ?? {}).length > 0) {
    throw new InvalidPlatformConfigError(
      `Service ${props.service} has handlerLayout 'flat' and a handlerPlacement: a flat service has no nested stacks to pin handlers to. Drop the placement, or the flat layout.`,
    );
  }
  for (const name of Object.keys(props.handlerProps ?? {})) {
    if (!seen.has(name)) {
      throw new InvalidPlatformConfigError(
        `handlerProps names ${JSON.stringify(name)}, which is not a handler of service ${props.service} (handlers: ${[...seen].join(', ') || 'none'}). Use the subscription's name.`,
      );
    }
  }
}

/**
 * A group past CloudFormation's 500 resources would fail deployment (and CDK's synth check): said here with the
 * fix, which CDK's message cannot give. Counts what the constructs made; a team's own additions are CDK's to catch.
 */
function checkGroupSizes(stack: ServiceStack): void {
  for (const group of stack.handlerGroups) {
    const resources = group.node.findAll().filter((construct) => CfnResource.isCfnResource(construct)).length;
    if (resources <= STACK_RESOURCE_LIMIT) continue;
    const names = group.handlers.map((handler) => handler.subscription.name);
    throw new InvalidPlatformConfigError(
      `Handler group ${group.group} of service ${stack.service} has ${resources} resources, over CloudFormation's ${STACK_RESOURCE_LIMIT} a stack ` +
        `(handlers: ${names.join(', ')}). Pin a handler that is not deployed yet to a group with room in handlerPlacement ` +
        `(for example { ${JSON.stringify(names[names.length - 1])}: ${(group.group + 1) % HANDLER_GROUP_COUNT} }); pinning a deployed handler replaces it once.`,
    );
  }
}
