import { Duration, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { type AnyEventContract, HANDLER_ENV } from '@paved/events';
import { type Construct } from 'constructs';
import { type FunctionOptions, HANDLER_RUNTIME } from '../function-options';
import { grantPublishing } from './grant-publishing';
import { handlerCode } from './handler-code';

/** What {@link createHandlerFunction} needs from a declaration (a subscription or an API). */
export interface HandlerFunctionProps extends FunctionOptions {
  /** The role's description: who it is for and what it may do. */
  readonly roleDescription: string;
  readonly service: string;
  readonly description: string;
  readonly entry: string;
  readonly exportName: string;
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
  readonly publishes: readonly AnyEventContract[];
  readonly eventBus: events.IEventBus;
  readonly environment: Readonly<Record<string, string>>;
  /** How errors name the function's owner, such as `Handler orders-reserve-stock`. */
  readonly owner: string;
}

/** The parts {@link createHandlerFunction} makes, as the owning construct exposes them. */
export interface HandlerFunctionParts {
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly function: lambda.Function;
  readonly codeSource: 'prebuilt' | 'synth' | undefined;
}

/**
 * One paved function in `scope` (construct ids `Role`, `LogGroup`, `Function`, `TracingPolicy`): its own role and
 * log group, the bundled code, Node.js 24 on arm64, source maps, `POWERTOOLS_SERVICE_NAME`, the bus name when it
 * publishes and PutEvents for exactly what it publishes, and X-Ray in a policy of its own.
 */
export function createHandlerFunction(scope: Construct, props: HandlerFunctionProps): HandlerFunctionParts {
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
  });
  logGroup.grantWrite(role);

  const bundle = props.code ? undefined : handlerCode(props);
  const environment: Record<string, string> = {
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: props.service,
    ...(props.publishes.length > 0 ? { [HANDLER_ENV.eventBusName]: props.eventBus.eventBusName } : {}),
    ...props.environment,
    ...props.functionProps?.environment,
  };
  const fn = new lambda.Function(scope, 'Function', {
    description: props.description.slice(0, 256),
    runtime: HANDLER_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    code: props.code ?? bundle!.code,
    handler: bundle?.handler ?? `index.${props.exportName}`,
    memorySize: props.memorySizeMb,
    timeout: Duration.seconds(props.timeoutSeconds),
    reservedConcurrentExecutions: props.reservedConcurrency,
    role,
    logGroup,
    ...props.functionProps,
    environment,
  });
  grantPublishing(role, props.eventBus, props.publishes, props.owner);
  configureTracing(scope, fn, role, props.tracing ?? lambda.Tracing.ACTIVE);
  return { role, logGroup, function: fn, codeSource: bundle?.source };
}

/**
 * Tracing is switched on here rather than through the Function prop so that the X-Ray grant, which AWS only
 * allows on `*`, sits in a policy of its own: the cdk-nag acknowledgment covers that policy, not every `*` a
 * team might later add to the role.
 */
function configureTracing(
  scope: Construct,
  fn: lambda.Function,
  role: iam.Role,
  tracing: lambda.Tracing,
): void {
  if (tracing === lambda.Tracing.DISABLED) return;
  (fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: tracing };
  const policy = new iam.Policy(scope, 'TracingPolicy', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    ],
  });
  fn.node.addDependency(policy);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; AWS requires "*".',
  });
}
