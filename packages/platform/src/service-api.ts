import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { type Api, pascalCase } from '@paved/events';
import { Construct } from 'constructs';
import { ApiEndpoint, type ApiEndpointOptions } from './api-endpoint';
import { InvalidPlatformConfigError } from './errors';

/** What {@link ServiceApi} takes. */
export interface ServiceApiProps {
  /** The service, kebab-case: every API declaration must name it. */
  readonly service: string;
  /** The service's API declarations (`defineApi`): one route and function each. */
  readonly apis: readonly Api[];
  /** The bus the endpoints publish to. */
  readonly eventBus: events.IEventBus;
  /**
   * The HTTP API's name.
   * @default `<service>`
   */
  readonly apiName?: string;
  /**
   * Where the alarms notify (on alarm and on recovery).
   * @default no notifications; the alarms still exist
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * The default authorizer of every route. Authorization is the team's decision: the API is open until one is set.
   * A JWT authorizer (Cognito, Auth0, any OIDC issuer), from `aws-cdk-lib/aws-apigatewayv2-authorizers`:
   * `new HttpJwtAuthorizer('Jwt', 'https://cognito-idp.eu-west-1.amazonaws.com/<pool id>', { jwtAudience: ['<client id>'] })`.
   * @default none: every route is public
   */
  readonly authorizer?: apigwv2.IHttpRouteAuthorizer;
  /**
   * Requests per second the stage accepts, steady and in bursts, before answering 429: a ceiling for every route,
   * so a client loop cannot exhaust the account's API Gateway and Lambda quotas.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: apigwv2.ThrottleSettings;
  /**
   * How long access logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * Extra props for single endpoints, by API name (`{ 'create-order': { functionProps: { ... } } }`).
   * @default none
   */
  readonly apiProps?: Readonly<Record<string, ApiEndpointOptions>>;
}

/**
 * The service's one API Gateway HTTP API: a `$default` stage (auto-deployed, throttled, JSON access logs to its
 * own log group), an {@link ApiEndpoint} per declared API, and an alarm on the API's 5xx answers.
 *
 * **Authorization** is the team's decision, so routes are public until the team sets one: pass `authorizer` (every
 * route) or `apiProps[name].authorizer` (one route), such as a JWT authorizer. cdk-nag's `AwsSolutions-APIG4` is
 * acknowledged on routes without one, saying so.
 *
 * @example
 * const api = new ServiceApi(this, 'Api', { service: 'orders', apis: [createOrder], eventBus });
 * new CfnOutput(this, 'ApiUrl', { value: api.url });
 */
export class ServiceApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly endpoints: readonly ApiEndpoint[];
  /** The 5xx answers of the whole API: the functions' handled failures (500) and API Gateway's own. */
  readonly alarms: { readonly serverErrors: cloudwatch.Alarm };

  constructor(scope: Construct, id: string, props: ServiceApiProps) {
    super(scope, id);
    checkApis(props);
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: props.apiName ?? props.service,
      description:
        `The ${props.service} service's HTTP API: ${props.apis.map((api) => api.route).join(', ')}.`.slice(
          0,
          1024,
        ),
      createDefaultStage: false,
      defaultAuthorizer: props.authorizer,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        // HTTP API's $context variables (REST's standard JSON format names some HTTP APIs do not have).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });
    this.endpoints = props.apis.map(
      (api) =>
        new ApiEndpoint(this, pascalCase(api.name), {
          ...props.apiProps?.[api.name],
          api,
          httpApi: this.httpApi,
          eventBus: props.eventBus,
          alarmTopic: props.apiProps?.[api.name]?.alarmTopic ?? props.alarmTopic,
        }),
    );
    this.alarms = {
      serverErrors: new cloudwatch.Alarm(this, 'ServerErrors', {
        metric: this.httpApi.metricServerError({ statistic: 'Sum', period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${props.service} API: requests answered 5xx (a function failed, timed out or was throttled). Check the access logs and the functions' logs.`,
      }),
    };
    if (props.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(props.alarmTopic);
      this.alarms.serverErrors.addAlarmAction(action);
      this.alarms.serverErrors.addOkAction(action);
    }
    for (const endpoint of this.endpoints) {
      if (props.authorizer || props.apiProps?.[endpoint.api.name]?.authorizer) continue;
      Validations.of(endpoint.route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${endpoint.api.route} is public: authorization is the ${props.service} team's decision, made with ServiceStack's apiAuthorizer (a JWT authorizer, for example) or apiProps['${endpoint.api.name}'].authorizer.`,
      });
    }
  }

  /** The API's address: `https://<id>.execute-api.<region>.amazonaws.com/`. */
  get url(): string {
    return this.stage.url;
  }

  /** The endpoint of the API named `name`: the escape hatch to its function, role and route. */
  endpoint(name: string): ApiEndpoint {
    const endpoint = this.endpoints.find((candidate) => candidate.api.name === name);
    if (!endpoint) {
      throw new InvalidPlatformConfigError(
        `Service API has no endpoint ${JSON.stringify(name)} (endpoints: ${this.endpoints.map((e) => e.api.name).join(', ') || 'none'}). Use the API's name.`,
      );
    }
    return endpoint;
  }
}

function checkApis(props: ServiceApiProps): void {
  const names = new Set<string>();
  const routes = new Map<string, string>();
  for (const api of props.apis) {
    if (api.service !== props.service) {
      throw new InvalidPlatformConfigError(
        `API ${api.id} belongs to service ${JSON.stringify(api.service)}, not ${JSON.stringify(props.service)}: ` +
          "list it in its own service's stack, or fix the API's service.",
      );
    }
    if (names.has(api.name)) {
      throw new InvalidPlatformConfigError(
        `API ${api.id} is listed twice in service ${props.service}: list each API once.`,
      );
    }
    const other = routes.get(api.route);
    if (other) {
      throw new InvalidPlatformConfigError(
        `APIs ${other} and ${api.id} both declare the route ${api.route}: a route has one function. Change one route.`,
      );
    }
    names.add(api.name);
    routes.set(api.route, api.id);
  }
  for (const name of Object.keys(props.apiProps ?? {})) {
    if (!names.has(name)) {
      throw new InvalidPlatformConfigError(
        `apiProps names ${JSON.stringify(name)}, which is not an API of service ${props.service} (APIs: ${[...names].join(', ') || 'none'}). Use the API's name.`,
      );
    }
  }
}
