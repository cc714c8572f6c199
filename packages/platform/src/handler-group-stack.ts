import { NestedStack, type NestedStackProps } from 'aws-cdk-lib';
import { type Construct } from 'constructs';
import { InvalidPlatformConfigError } from './errors';
import { type EventHandler } from './event-handler';
import { HANDLER_GROUP_COUNT } from './handler-placement';
import { type ServiceDashboard } from './service-dashboard';

/** What {@link HandlerGroupStack} takes. */
export interface HandlerGroupStackProps extends NestedStackProps {
  /** The service whose handlers it holds. */
  readonly service: string;
  /** Its group number, 0 to {@link HANDLER_GROUP_COUNT} − 1 (`handlerGroupOf`). */
  readonly group: number;
}

/**
 * A nested stack of a service's handlers: those whose id hashes to its group (`handlerGroupOf`), with the dashboard
 * of their rows. `ServiceStack` makes one per group that holds a handler. Values from the service stack (the
 * idempotency table, a topic of the service's own) come in as parameters of the nested stack, which CloudFormation
 * updates with its parent: no export locks. A handler's logical ids inside it are those it had in a flat stack
 * (CDK names a resource by its path below its stack).
 */
export class HandlerGroupStack extends NestedStack {
  readonly service: string;
  readonly group: number;
  private readonly members: EventHandler[] = [];
  private board: ServiceDashboard | undefined;

  constructor(scope: Construct, id: string, props: HandlerGroupStackProps) {
    const { service, group, ...nestedStackProps } = props;
    super(scope, id, {
      description: `paved: handlers of service ${service}, group ${group} of ${HANDLER_GROUP_COUNT} (each handler's group is a hash of its id: platform README, "Stack layout").`,
      ...nestedStackProps,
    });
    this.service = service;
    this.group = group;
  }

  /** Its handlers, in the order of the service's subscriptions. */
  get handlers(): readonly EventHandler[] {
    return this.members;
  }

  /** The dashboard of its handlers' rows (`ServiceDashboard`, named `<bus>-<service>-handlers-07`). */
  get dashboard(): ServiceDashboard {
    if (!this.board) {
      throw new InvalidPlatformConfigError(
        `Handler group ${this.group} of service ${this.service} has no dashboard yet: ServiceStack adds it after placing every handler; read it after the stack is constructed.`,
      );
    }
    return this.board;
  }

  /** @internal ServiceStack records each handler it placed here. */
  _addHandler(handler: EventHandler): void {
    this.members.push(handler);
  }

  /** @internal ServiceStack adds the dashboard once every handler is placed. */
  _setDashboard(dashboard: ServiceDashboard): void {
    this.board = dashboard;
  }
}
