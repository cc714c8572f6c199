import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import { type IConstruct } from 'constructs';

/** What {@link addNagChecks} and {@link findNagFindings} take. */
export interface NagChecksOptions {
  /**
   * Also run cdk-nag's Serverless pack (Lambda, EventBridge, SQS and SNS practices).
   * @default true
   */
  readonly serverless?: boolean;
  /**
   * Explain each rule, not only name it.
   * @default false
   */
  readonly verbose?: boolean;
}

/** One unacknowledged cdk-nag finding. */
export interface NagFinding {
  /** Such as `AwsSolutions-IAM5[Resource::*]`: what `Validations.of(construct).acknowledge({ id })` takes. */
  readonly rule: string;
  readonly severity: string;
  /** Construct paths of the resources it was found on. */
  readonly paths: readonly string[];
  readonly description: string;
}

/**
 * Runs cdk-nag's AwsSolutions (and Serverless) packs when the app synthesizes; an unacknowledged error stops
 * synthesis. Call it once, on the app, after defining the stacks.
 *
 * @example
 * const app = new App();
 * new PlatformStack(app, 'paved-platform', { contracts });
 * addNagChecks(app);
 */
export function addNagChecks(app: IConstruct, options: NagChecksOptions = {}): void {
  Validations.of(app).addPlugins(...packs(app, options));
}

/**
 * Every unacknowledged finding (errors and warnings) of the same packs, without synthesizing: what a test asserts
 * is empty.
 */
export function findNagFindings(scope: IConstruct, options: NagChecksOptions = {}): NagFinding[] {
  return packs(undefined, options).flatMap((pack) =>
    pack.validateScope(scope).violations.map((violation) => ({
      rule: violation.ruleName,
      severity: violation.severity ?? 'error',
      paths: violation.violatingResources.map(
        (resource) => resource.constructPath ?? resource.resourceLogicalId ?? '(unknown)',
      ),
      description: violation.description,
    })),
  );
}

function packs(scope: IConstruct | undefined, options: NagChecksOptions): NagPack[] {
  const props = { verbose: options.verbose ?? false };
  return [
    new AwsSolutionsChecks(scope, props),
    ...(options.serverless === false ? [] : [new ServerlessChecks(scope, props)]),
  ];
}
