import { App } from 'aws-cdk-lib';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleHandler, findPrebuiltBundle } from '../src';
import { subscription as auditOrder } from './fixtures/handlers/audit-order/src/subscription';
import { subscription as notifyCustomer } from './fixtures/handlers/notify-customer/src/subscription';
import { subscription as reserveStock } from './fixtures/handlers/reserve-stock/src/subscription';

/**
 * What the handlers' Nx `build` does before a synth: the two inventory fixtures get a current dist/ (rebuilt only
 * when stale), and audit-order gets none, so the construct must bundle it at synth.
 */
export function prepareFixtureBundles(): void {
  for (const { entry, exportName } of [reserveStock, notifyCustomer]) {
    const outdir = join(dirname(entry), '..', 'dist');
    if (!findPrebuiltBundle({ entry, outdir, exportName })) bundleHandler({ entry, outdir, exportName });
  }
  rmSync(join(dirname(auditOrder.entry), '..', 'dist'), { recursive: true, force: true });
}

/** An app whose synth skips CDK's built-in CloudFormation validation (seconds per synth, and not what is under test). */
export function testApp(): App {
  return new App({ builtinCloudFormationValidation: false });
}
