// The CDK app of the shared stack (`nx run platform:synth | diff | deploy`): the bus, its archive, the
// schema registry and the alarm topic. The registry holds every contract the services declare, found by
// the workspace layout (services/*/contracts) at synth time rather than imported: packages/ never imports
// from services/.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { type AnyEventContract } from '@paved/events';
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
}

const app = new App();
new PlatformStack(app, 'Platform', {
  contracts,
  busName: app.node.tryGetContext('busName'),
  alarmEmails: (app.node.tryGetContext('alarmEmails') as string | undefined)?.split(',').filter(Boolean),
  organizationId: app.node.tryGetContext('organizationId'),
});
app.synth();
