import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { InvalidPlatformConfigError } from './errors';
import { DEFAULT_BUS_NAME } from '@paved/events';
import { platformNames } from './names';

/** What {@link PavedBus} takes. */
export interface PavedBusProps {
  /**
   * The bus name; every other shared name derives from it ({@link platformNames}).
   * @default DEFAULT_BUS_NAME ('paved')
   */
  readonly busName?: string;
  /**
   * How long the archive keeps events for replay. `Duration.days(0)` keeps them indefinitely.
   * @default Duration.days(30): longer than the dead-letter queues' 14 days, so anything in a DLQ can also be replayed
   */
  readonly archiveRetention?: Duration;
  /**
   * An AWS Organizations id (`o-...`): every account in the organization may put events on the bus.
   * @default only this account may put events on the bus
   */
  readonly organizationId?: string;
}

/**
 * The one custom EventBridge bus of the workspace, its archive (every event, for replay) and its resource policy
 * (this account, or one organization).
 */
export class PavedBus extends Construct {
  /** The bus in another stack, found by its name: `PavedBus.fromBusName(this, 'Bus', names.busName)`. */
  static fromBusName(scope: Construct, id: string, busName: string = DEFAULT_BUS_NAME): events.IEventBus {
    return events.EventBus.fromEventBusName(scope, id, platformNames(busName).busName);
  }

  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly busName: string;

  constructor(scope: Construct, id: string, props: PavedBusProps = {}) {
    super(scope, id);
    const names = platformNames(props.busName);
    this.busName = names.busName;
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: names.busName,
      description: 'The paved event bus: every contract is published here.',
    });
    this.archive = this.bus.archive('Archive', {
      archiveName: names.archiveName,
      description: `Every event on ${names.busName}, for replay.`,
      // An empty pattern is left out of the template, and an archive without a pattern keeps every event.
      eventPattern: {},
      retention: props.archiveRetention ?? Duration.days(30),
    });

    if (props.organizationId === undefined) {
      this.bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'PutEventsFromThisAccount',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['events:PutEvents'],
          resources: [this.bus.eventBusArn],
        }),
      );
    } else {
      if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
        throw new InvalidPlatformConfigError(
          `Invalid organizationId ${JSON.stringify(props.organizationId)}: use the id AWS Organizations shows, such as "o-a1b2c3d4e5".`,
        );
      }
      this.bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'PutEventsFromTheOrganization',
          principals: [new iam.AnyPrincipal()],
          actions: ['events:PutEvents'],
          resources: [this.bus.eventBusArn],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': props.organizationId } },
        }),
      );
    }
  }
}
