import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { type Subscription } from '@paved/events';
import { type Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { InvalidPlatformConfigError } from './errors';
import { EventHandler, type EventHandlerOptions } from './event-handler';
import { platformNames } from './names';
import { PavedBus } from './paved-bus';
import { pascalCase } from '@paved/events';
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
}

/**
 * One deployable service: an {@link EventHandler} per subscription on the platform's bus, their alarms notifying a
 * topic, and the service's dashboard.
 *
 * @example
 * new ServiceStack(app, 'Inventory', { service: 'inventory', subscriptions });
 */
export class ServiceStack extends Stack {
  readonly service: string;
  readonly eventBus: events.IEventBus;
  readonly alarmTopic: sns.ITopic;
  readonly handlers: readonly EventHandler[];
  readonly dashboard: ServiceDashboard;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const names = platformNames(props.busName);
    this.service = props.service;
    checkHandlers(props);
    this.eventBus = PavedBus.fromBusName(this, 'EventBus', names.busName);
    this.alarmTopic = props.alarmEmail
      ? new AlarmTopic(this, 'Alarms', { emails: [props.alarmEmail] }).topic
      : AlarmTopic.fromTopicName(this, 'Alarms', names.alarmTopicName);
    this.handlers = props.subscriptions.map(
      (subscription) =>
        new EventHandler(this, pascalCase(subscription.name), {
          ...props.handlerProps?.[subscription.name],
          subscription,
          eventBus: this.eventBus,
          alarmTopic: props.handlerProps?.[subscription.name]?.alarmTopic ?? this.alarmTopic,
        }),
    );
    this.dashboard = new ServiceDashboard(this, 'Dashboard', {
      service: props.service,
      handlers: this.handlers,
      dashboardName: names.dashboardName(props.service),
    });
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
  for (const name of Object.keys(props.handlerProps ?? {})) {
    if (!seen.has(name)) {
      throw new InvalidPlatformConfigError(
        `handlerProps names ${JSON.stringify(name)}, which is not a handler of service ${props.service} (handlers: ${[...seen].join(', ') || 'none'}). Use the subscription's name.`,
      );
    }
  }
}
