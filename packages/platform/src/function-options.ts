import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';

/** The Lambda runtime every function runs on: the newest Node.js aws-cdk-lib knows (cdk-nag's L1 checks for it). */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

/** The escape hatches every paved function takes (an `EventHandler`'s and an `ApiEndpoint`'s alike). */
export interface FunctionOptions {
  /**
   * Lambda code to deploy instead of the package's bundle.
   * @default the package's current dist/ bundle, else one bundled by esbuild at synth
   */
  readonly code?: lambda.Code;
  /**
   * Function properties applied last, over everything the construct sets (environment variables are merged).
   * The escape hatch for what the declaration does not cover: VPC, layers, log format, ephemeral storage.
   * @default none
   */
  readonly functionProps?: Partial<Omit<lambda.FunctionProps, 'tracing'>>;
  /**
   * X-Ray tracing mode. Any mode but DISABLED grants the two X-Ray actions, which only work on `*`.
   * @default lambda.Tracing.ACTIVE
   */
  readonly tracing?: lambda.Tracing;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}
