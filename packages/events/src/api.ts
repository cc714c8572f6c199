import type * as z from 'zod/mini';
import { type AnyPublishableContract } from './contract';
import { InvalidApiError } from './errors';
import { publishesProblem } from './publishable';
import { safeParseWith } from './validation';

/** The HTTP methods an API Gateway HTTP API route takes (`ANY` matches every method not routed otherwise). */
export const API_METHODS = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'] as const;

/** One of {@link API_METHODS}. */
export type ApiMethod = (typeof API_METHODS)[number];

/** What {@link defineApi} takes: one HTTP route, the body it accepts, and the events it may publish. */
export interface ApiProps<R extends z.core.$ZodType, P extends readonly AnyPublishableContract[]> {
  /** The endpoint's name, kebab-case, unique within its service, such as `create-order`. */
  readonly name: string;
  /** The service (team) that owns it, such as `orders`. */
  readonly service: string;
  /**
   * The route, as API Gateway HTTP APIs spell a route key: a method and a path, such as `POST /orders` or
   * `GET /orders/{orderId}`. Path segments are literal (letters, digits, `.`, `_`, `~`, `-`) or a whole-segment
   * variable `{name}`; the last one may be greedy, `{name+}`.
   */
  readonly route: string;
  /** The zod schema of the JSON request body (`zod/mini`, or zod classic). Name it `…RequestSchema`. */
  readonly request: R;
  /** The contracts the endpoint publishes: its function may put exactly these on the bus. Our own only. @default [] */
  readonly publishes?: P;
  /** Absolute path of the module whose `handler` export is the Lambda entry point (`join(__dirname, 'handler.ts')`). */
  readonly entry: string;
  /** Name of the entry point export. @default 'handler' */
  readonly exportName?: string;
  /** One sentence: what the endpoint does. */
  readonly description: string;
  /** At least one valid request body. Checked against `request` when the API is defined. */
  readonly examples: readonly [z.input<R>, ...z.input<R>[]];
  /**
   * Function timeout in seconds (1-29): API Gateway waits at most 30 seconds for an HTTP API integration (a quota
   * that cannot be raised, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html), so
   * the function must end first and answer itself. @default 10
   */
  readonly timeoutSeconds?: number;
  /** Function memory in MB (128-10240). @default 256 */
  readonly memorySizeMb?: number;
  /** Environment variables for the function. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
}

/** A validated API declaration with every default filled in: what the platform deploys and the local bus serves. */
export interface Api<
  R extends z.core.$ZodType = z.core.$ZodType,
  P extends readonly AnyPublishableContract[] = readonly AnyPublishableContract[],
> {
  readonly name: string;
  readonly service: string;
  /** `<service>-<name>`: unique in the workspace; the function is named after it. */
  readonly id: string;
  /** The route key as declared, such as `POST /orders`. */
  readonly route: string;
  readonly method: ApiMethod;
  /** Such as `/orders/{orderId}`. */
  readonly path: string;
  /** The names of the path's variables, in order (`['orderId']`). */
  readonly pathParameters: readonly string[];
  readonly request: R;
  readonly publishes: P;
  readonly entry: string;
  readonly exportName: string;
  readonly description: string;
  readonly examples: readonly z.input<R>[];
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly environment: Readonly<Record<string, string>>;
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const VARIABLE_SEGMENT = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

/**
 * Declares an HTTP endpoint that turns a request into events: one object, read by the platform (an API Gateway HTTP
 * API route, its function and its PutEvents grant), by the runtime (`defineApiHandler` validates the body with
 * `request` and lets the function publish only `publishes`) and by the local bus, which serves it.
 *
 * Only cheap checks happen here (names, the route's syntax, the examples against the schema): the handler's bundle
 * imports its API declaration.
 *
 * @example
 * export const api = defineApi({
 *   name: 'create-order',
 *   service: 'orders',
 *   route: 'POST /orders',
 *   request: CreateOrderRequestSchema,
 *   publishes: [OrderCreated],
 *   entry: join(__dirname, 'handler.ts'),
 *   description: 'Takes an order and announces it.',
 *   examples: [{ customerId: 'c-1', lines: [{ sku: 'SKU-RED-MUG', quantity: 1 }] }],
 * });
 */
export function defineApi<R extends z.core.$ZodType, const P extends readonly AnyPublishableContract[] = []>(
  props: ApiProps<R, P>,
): Api<R, P> {
  const fail = (what: string, value: unknown, fix: string): never => {
    throw new InvalidApiError(
      `Invalid ${what} ${JSON.stringify(value)} for API ${props.service}/${props.name}: ${fix}`,
    );
  };
  if (!NAME_PATTERN.test(props.name)) fail('name', props.name, 'use kebab-case, such as "create-order".');
  if (!NAME_PATTERN.test(props.service)) fail('service', props.service, 'use kebab-case, such as "orders".');
  const { method, path, pathParameters } = parseRoute(props.route, (problem) =>
    fail(
      'route',
      props.route,
      `${problem}. Write a method and a path, such as "POST /orders" or "GET /orders/{orderId}".`,
    ),
  );
  const integer = (what: 'timeoutSeconds' | 'memorySizeMb', min: number, max: number, fallback: number) => {
    const value = props[what] ?? fallback;
    if (!Number.isInteger(value) || value < min || value > max)
      fail(what, value, `use a whole number from ${min} to ${max}.`);
    return value;
  };
  if (typeof props.request?._zod?.run !== 'function') {
    fail(
      'request',
      typeof props.request,
      'give the zod schema of the request body, such as z.object({ ... }).',
    );
  }
  if (props.examples.length === 0) fail('examples', [], 'give at least one valid request body.');
  props.examples.forEach((example, index) => {
    const result = safeParseWith(props.request, example);
    if (!result.success) {
      const issues = result.error.issues
        .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
        .join('; ');
      fail(
        `example ${index}`,
        example,
        `it does not match the request schema (${issues}); fix the example or the schema.`,
      );
    }
  });
  const publishes = (props.publishes ?? []) as unknown as P;
  const problem = publishesProblem(publishes);
  if (problem) fail('publishes', problem.value, problem.fix);
  return Object.freeze({
    name: props.name,
    service: props.service,
    id: `${props.service}-${props.name}`,
    route: props.route,
    method,
    path,
    pathParameters: Object.freeze(pathParameters),
    request: props.request,
    publishes: Object.freeze([...publishes]) as unknown as P,
    entry: props.entry,
    exportName: props.exportName ?? 'handler',
    description: props.description,
    examples: Object.freeze([...props.examples]),
    timeoutSeconds: integer('timeoutSeconds', 1, 29, 10),
    memorySizeMb: integer('memorySizeMb', 128, 10240, 256),
    environment: Object.freeze({ ...props.environment }),
  });
}

/** A route key split into its method, path and path variables, or the reason it is not one. */
function parseRoute(
  route: string,
  fail: (problem: string) => never,
): { method: ApiMethod; path: string; pathParameters: string[] } {
  const match = /^([A-Z]+) (\/\S*)$/.exec(typeof route === 'string' ? route : '');
  if (!match) return fail('a route is a method, one space and a path starting with "/"');
  const [, method, path] = match as unknown as [string, string, string];
  if (!(API_METHODS as readonly string[]).includes(method)) {
    return fail(`${method} is not a method API Gateway routes (${API_METHODS.join(', ')})`);
  }
  if (path === '/') return { method: method as ApiMethod, path, pathParameters: [] };
  const segments = path.slice(1).split('/');
  const pathParameters: string[] = [];
  segments.forEach((segment, index) => {
    if (segment === '') fail('the path has an empty segment (a doubled or trailing "/")');
    const variable = VARIABLE_SEGMENT.exec(segment);
    if (variable) {
      const [, name, greedy] = variable as unknown as [string, string, string];
      if (greedy && index !== segments.length - 1) {
        fail(`the greedy variable {${name}+} must be the path's last segment`);
      }
      if (pathParameters.includes(name)) fail(`the path variable {${name}} appears twice`);
      pathParameters.push(name);
    } else if (!LITERAL_SEGMENT.test(segment)) {
      fail(
        `the segment "${segment}" is neither literal (letters, digits, ".", "_", "~", "-") nor a whole-segment variable such as {orderId}`,
      );
    }
  });
  return { method: method as ApiMethod, path, pathParameters };
}
