import { CfnOutput, type Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type AnyEventContract, busRoutes, pascalCase } from '@paved/events';
import { type Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { BusRouteRule } from './bus-route-rule';
import { ContractSchemaRegistry } from './contract-schema-registry';
import { platformNames } from './names';
import { PavedBus } from './paved-bus';

/** What {@link PlatformStack} takes. */
export interface PlatformStackProps extends StackProps {
  /**
   * Every contract in the workspace, our own and the AWS events subscriptions consume: each of ours gets a schema in
   * the registry, and each kind of AWS event a route from the `default` bus (see `busRoutes`).
   */
  readonly contracts: readonly AnyEventContract[];
  /**
   * The bus name; service stacks must be given the same one.
   * @default DEFAULT_BUS_NAME ('paved')
   */
  readonly busName?: string;
  /**
   * How long the archive keeps events for replay.
   * @default Duration.days(30)
   */
  readonly archiveRetention?: Duration;
  /**
   * Let every account of this AWS Organization put events on the bus.
   * @default this account only
   */
  readonly organizationId?: string;
  /**
   * Addresses that get every alarm of services without an alarm email of their own.
   * @default no subscriptions (add them in the console, or redeploy with some)
   */
  readonly alarmEmails?: readonly string[];
  /**
   * Forward events from the account's `default` bus to the paved bus: application events (sources not starting with
   * `aws.`), so a PutEvents entry without `EventBusName`, or naming `default`, reaches the handlers, and each kind of
   * AWS event a contract of {@link contracts} describes (see `busRoutes`).
   * @default true
   */
  readonly routeDefaultBus?: boolean;
}

/**
 * The shared resources, deployed once per account and region (per stage): the bus and its archive, the schema
 * registry of every contract, the alarm topic, and the route that forwards application events from the `default`
 * bus to the paved bus. Deploy it before any {@link ServiceStack}.
 *
 * @example
 * new PlatformStack(app, 'paved-platform', { contracts: [OrderCreated, StockReserved], alarmEmails: ['oncall@example.com'] });
 */
export class PlatformStack extends Stack {
  readonly bus: PavedBus;
  readonly registry: ContractSchemaRegistry;
  readonly alarmTopic: AlarmTopic;
  /** The rule on `default` forwarding application events to the paved bus; undefined with `routeApplicationEvents: false`. */
  /** The routes from the `default` bus to the paved bus, by route name; empty with `routeDefaultBus: false`. */
  readonly routes: Readonly<Record<string, BusRouteRule>>;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const names = platformNames(props.busName);
    this.bus = new PavedBus(this, 'EventBus', {
      busName: names.busName,
      archiveRetention: props.archiveRetention,
      organizationId: props.organizationId,
    });
    this.registry = new ContractSchemaRegistry(this, 'Schemas', {
      contracts: props.contracts,
      registryName: names.registryName,
    });
    this.alarmTopic = new AlarmTopic(this, 'Alarms', {
      topicName: names.alarmTopicName,
      emails: props.alarmEmails,
    });
    this.routes =
      props.routeDefaultBus === false
        ? {}
        : Object.fromEntries(
            busRoutes({ contracts: props.contracts, busName: names.busName }).map((route) => [
              route.name,
              new BusRouteRule(
                this,
                route.kind === 'application-events' ? 'ApplicationEvents' : `Route${pascalCase(route.name)}`,
                { route, targetBus: this.bus.bus, alarmTopic: this.alarmTopic.topic },
              ),
            ]),
          );
    new CfnOutput(this, 'EventBusArn', { value: this.bus.bus.eventBusArn });
    new CfnOutput(this, 'ArchiveArn', { value: this.bus.archive.archiveArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topic.topicArn });
  }
}
