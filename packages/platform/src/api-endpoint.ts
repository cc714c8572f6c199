import { Duration, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { type Api } from '@paved/events';
import { Construct } from 'constructs';
import { type FunctionOptions } from './function-options';
import { createHandlerFunction } from './private/handler-function';
import { configureTelemetry } from './tracing';

/** What a service may set for one API endpoint besides its declaration (`ServiceStack`'s `apiProps`). */
export interface ApiEndpointOptions extends FunctionOptions {
  /**
   * Where the endpoint's alarms notify (on alarm and on recovery).
   * @default no notifications; the alarms still exist
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The route's authorizer, over the API's default one (`ServiceApi`'s `authorizer`).
   * @default the API's default authorizer, if any
   */
  readonly authorizer?: apigwv2.IHttpRouteAuthorizer;
}

/** What {@link ApiEndpoint} takes. */
export interface ApiEndpointProps extends ApiEndpointOptions {
  /** The endpoint's one declaration (`defineApi`): route, body schema, what it publishes, its code. */
  readonly api: Api;
  /** The service's HTTP API the route is added to. */
  readonly httpApi: apigwv2.HttpApi;
  /** The bus the endpoint publishes to. */
  readonly eventBus: events.IEventBus;
}

/**
 * One declared API endpoint on AWS: its function (bundled like a handler, Node.js 24 on arm64, X-Ray), the route
 * `api.route` on the service's HTTP API with a Lambda proxy integration (payload format 2.0), and a role that may
 * write its logs and put exactly `api.publishes` on the bus (`events:PutEvents` with `events:source` and
 * `events:detail-type` conditions), the bus name in `PAVED_EVENT_BUS_NAME`. Alarms on the function's errors and
 * throttles.
 *
 * `defineApiHandler` answers 500 itself when the function throws, so Lambda's `Errors` counts only what it cannot
 * catch (timeouts, crashes, out of memory, a failed cold start); `ServiceApi`'s 5xx alarm counts both.
 *
 * @example
 * new ApiEndpoint(this, 'CreateOrder', { api, httpApi, eventBus });
 */
export class ApiEndpoint extends Construct {
  readonly api: Api;
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly route: apigwv2.HttpRoute;
  readonly alarms: { readonly errors: cloudwatch.Alarm; readonly throttles: cloudwatch.Alarm };
  /** Whether the code came from the package's prebuilt `dist/` or was bundled at synth; undefined with `props.code`. */
  readonly codeSource: 'prebuilt' | 'synth' | undefined;

  constructor(scope: Construct, id: string, props: ApiEndpointProps) {
    super(scope, id);
    const { api } = props;
    this.api = api;
    const parts = createHandlerFunction(this, {
      ...props,
      roleDescription: `API ${api.id} (${api.route}): writes its logs and publishes only the contracts it declares.`,
      owner: `API ${api.id}`,
      service: api.service,
      description: `${api.route}: ${api.description}`,
      entry: api.entry,
      exportName: api.exportName,
      memorySizeMb: api.memorySizeMb,
      timeoutSeconds: api.timeoutSeconds,
      publishes: api.publishes,
      environment: api.environment,
    });
    this.role = parts.role;
    this.logGroup = parts.logGroup;
    this.function = parts.function;
    this.codeSource = parts.codeSource;
    configureTelemetry(this.function, {
      service: api.service,
      environment: { ...api.environment, ...props.functionProps?.environment },
    });

    [this.route] = props.httpApi.addRoutes({
      path: api.path,
      methods: [api.method as apigwv2.HttpMethod],
      integration: new HttpLambdaIntegration('Integration', this.function, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
      authorizer: props.authorizer,
    }) as [apigwv2.HttpRoute];

    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm =>
      new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${api.id} (${api.route}): ${description}`,
      });
    const period = Duration.minutes(1);
    this.alarms = {
      errors: alarm(
        'Errors',
        this.function.metricErrors({ statistic: 'Sum', period }),
        'the function failed outside its handler (timeout, crash, out of memory, cold start); clients got a 5xx. Check the logs.',
      ),
      throttles: alarm(
        'Throttles',
        this.function.metricThrottles({ statistic: 'Sum', period }),
        'Lambda throttled the function; clients got a 5xx.',
      ),
    };
    if (props.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(props.alarmTopic);
      for (const each of Object.values(this.alarms)) {
        each.addAlarmAction(action);
        each.addOkAction(action);
      }
    }
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'API Gateway invokes the function synchronously and gets every failure as the answer (a 5xx, alarmed): a dead-letter queue only receives failed asynchronous invocations, and there are none.',
    });
  }
}
