import * as iam from 'aws-cdk-lib/aws-iam';
import type * as events from 'aws-cdk-lib/aws-events';
import { type AnyEventContract } from '@paved/events';
import { InvalidPlatformConfigError } from '../errors';

/**
 * Lets `role` put exactly `contracts` on `eventBus`: one statement per source, allowing exactly that source's
 * declared detail-types. EventBridge checks both conditions on every entry of a PutEvents call, so a function cannot
 * publish (spoof) anything it did not declare. The one grant of both handlers (`EventHandler`) and API endpoints
 * (`ApiEndpoint`).
 *
 * An AWS contract (`defineAwsEvent`) is refused: no PutEvents grant is ever made for an event AWS produces
 * (the declarations refuse it first; this is the platform's own guard).
 */
export function grantPublishing(
  role: iam.IRole,
  eventBus: events.IEventBus,
  contracts: readonly AnyEventContract[],
  owner: string,
): void {
  const detailTypesBySource = new Map<string, Set<string>>();
  for (const contract of contracts) {
    if (contract.producer === 'aws') {
      throw new InvalidPlatformConfigError(
        `${owner} declares that it publishes ${contract.name}, an AWS service's event: AWS produces it, and no role is ` +
          'granted PutEvents for it. Remove it from publishes.',
      );
    }
    const detailTypes = detailTypesBySource.get(contract.source) ?? new Set<string>();
    detailTypes.add(contract.detailType);
    detailTypesBySource.set(contract.source, detailTypes);
  }
  for (const [source, detailTypes] of detailTypesBySource) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [eventBus.eventBusArn],
        conditions: {
          StringEquals: { 'events:source': source, 'events:detail-type': [...detailTypes].sort() },
        },
      }),
    );
  }
}
