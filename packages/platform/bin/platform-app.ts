// The CDK app of the shared stack (`nx run platform:synth | diff | deploy`): the bus, its archive, the
// schema registry, the alarm topic and the routes from the `default` bus. The registry holds every contract the
// services declare, and the routes forward every kind of AWS event their subscriptions consume, both found by the
// workspace layout (services/*/contracts, services/*/src/subscriptions.ts) at synth time rather than imported:
// packages/ never imports from services/. A team that first subscribes to a new kind of AWS event redeploys this
// stack (`nx run platform:deploy`) for its route.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type AnyEventContract, type Subscription } from '@paved/events';
import { PlatformStack } from '../src';

const root = resolve(__dirname, '..', '..', '..');
const servicesDir = join(root, 'services');
const contracts: AnyEventContract[] = [];
for (const service of existsSync(servicesDir) ? readdirSync(servicesDir) : []) {
  const index = join(servicesDir, service, 'contracts', 'src', 'index.ts');
  if (!existsSync(index)) continue;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const value of Object.values(require(index) as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null && 'detailSchema' in value && 'pattern' in value) {
      contracts.push(value as AnyEventContract);
    }
  }
  const declared = join(servicesDir, service, 'src', 'subscriptions.ts');
  if (!existsSync(declared)) continue;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { subscriptions = [] } = require(declared) as { subscriptions?: readonly Subscription[] };
  for (const { contract } of subscriptions) if (!contracts.includes(contract)) contracts.push(contract);
}

const app = new App();
new PlatformStack(app, 'Platform', {
  contracts,
  busName: app.node.tryGetContext('busName'),
  alarmEmails: (app.node.tryGetContext('alarmEmails') as string | undefined)?.split(',').filter(Boolean),
  organizationId: app.node.tryGetContext('organizationId'),
});
app.synth();
