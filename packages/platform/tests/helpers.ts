import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleHandler, findPrebuiltBundle, type ServiceStack } from '../src';
import { api as takeOrder } from './fixtures/apis/take-order/src/api';
import { auditOrder, createThumbnail, notifyCustomer, reserveStock } from './fixtures/handlers';

/**
 * What the packages' Nx `build` does before a synth: the inventory, media and API fixtures get a current dist/
 * (rebuilt only when stale), and audit-order gets none, so the construct must bundle it at synth.
 */
export function prepareFixtureBundles(): void {
  for (const { entry, exportName } of [reserveStock, notifyCustomer, createThumbnail, takeOrder]) {
    const outdir = join(dirname(entry), '..', 'dist');
    if (!findPrebuiltBundle({ entry, outdir, exportName })) bundleHandler({ entry, outdir, exportName });
  }
  rmSync(join(dirname(auditOrder.entry), '..', 'dist'), { recursive: true, force: true });
}

/**
 * An app whose synth skips CDK's built-in CloudFormation validation (seconds per synth, and not what is under test),
 * with the address handlers that send email send from.
 */
export function testApp(context: Record<string, string> = { mailFrom: 'noreply@example.com' }): App {
  return new App({ builtinCloudFormationValidation: false, context });
}

/**
 * The resources of a service stack and of every nested stack of its handlers as one template, for assertions on the
 * service as a whole (how many alarms, which functions). Each resource keeps its own stack's logical id, and a value
 * from the service stack reads, inside a nested stack, as that stack's parameter: resolve such values with
 * `Stack.of(handler).resolve(...)`.
 */
export function serviceTemplate(stack: ServiceStack): Template {
  const resources: Record<string, unknown> = {};
  for (const owner of [stack, ...stack.handlerGroups]) {
    Object.assign(resources, Template.fromStack(owner).toJSON()['Resources']);
  }
  return Template.fromJSON({ Resources: resources }, { skipCyclicalDependenciesCheck: true });
}
