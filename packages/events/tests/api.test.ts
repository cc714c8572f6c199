import { join } from 'node:path';
import * as classic from 'zod';
import * as z from 'zod/mini';
import { type ApiProps, defineApi, defineEvent, InvalidApiError, S3ObjectCreated } from '../src';

const OrderCreated = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderCreated',
  detail: z.object({ orderId: z.string() }),
  description: 'A customer placed an order.',
  examples: [{ orderId: 'o-1' }],
});

const CreateOrderRequestSchema = z.object({
  customerId: z.string().check(z.minLength(1)),
  lines: z.array(z.object({ sku: z.string(), quantity: z.int().check(z.positive()) })).check(z.minLength(1)),
});

const base: ApiProps<typeof CreateOrderRequestSchema, readonly [typeof OrderCreated]> = {
  name: 'create-order',
  service: 'orders',
  route: 'POST /orders',
  request: CreateOrderRequestSchema,
  publishes: [OrderCreated],
  entry: join(__dirname, 'handler.ts'),
  description: 'Takes an order and announces it.',
  examples: [{ customerId: 'c-1', lines: [{ sku: 'SKU-1', quantity: 1 }] }],
};

describe('defineApi', () => {
  it('fills in the defaults and splits the route into method and path', () => {
    const api = defineApi(base);
    expect(api).toMatchObject({
      id: 'orders-create-order',
      method: 'POST',
      path: '/orders',
      pathParameters: [],
      exportName: 'handler',
      timeoutSeconds: 10,
      memorySizeMb: 256,
      environment: {},
    });
    expect(api.publishes).toEqual([OrderCreated]);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it.each([
    ['GET /orders/{orderId}', 'GET', ['orderId']],
    ['ANY /files/{proxy+}', 'ANY', ['proxy']],
    ['DELETE /carts/{cartId}/lines/{sku}', 'DELETE', ['cartId', 'sku']],
    ['GET /', 'GET', []],
    ['PUT /v1.2/health_check~now', 'PUT', []],
  ])('accepts the route %s', (route, method, pathParameters) => {
    expect(defineApi({ ...base, route })).toMatchObject({ method, pathParameters });
  });

  it.each([
    ['POST/orders', 'a route is a method, one space and a path starting with "/"'],
    ['post /orders', 'a route is a method, one space and a path starting with "/"'],
    [
      'FETCH /orders',
      'FETCH is not a method API Gateway routes (ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)',
    ],
    ['POST /orders/', 'the path has an empty segment (a doubled or trailing "/")'],
    ['POST /orders//lines', 'the path has an empty segment (a doubled or trailing "/")'],
    ['GET /files/{proxy+}/meta', "the greedy variable {proxy+} must be the path's last segment"],
    ['GET /a/{id}/b/{id}', 'the path variable {id} appears twice'],
    [
      'GET /orders/{orderId}.json',
      'the segment "{orderId}.json" is neither literal (letters, digits, ".", "_", "~", "-") nor a whole-segment variable such as {orderId}',
    ],
    ['$default', 'a route is a method, one space and a path starting with "/"'],
  ])('refuses the route %j, saying why', (route, why) => {
    expect(() => defineApi({ ...base, route })).toThrow(
      new InvalidApiError(
        `Invalid route ${JSON.stringify(route)} for API orders/create-order: ${why}. Write a method and a path, such as "POST /orders" or "GET /orders/{orderId}".`,
      ),
    );
  });

  it('checks every example against the request schema, naming the path of each issue', () => {
    expect(() => defineApi({ ...base, examples: [{ customerId: '', lines: [] } as never] })).toThrow(
      /^Invalid example 0 .* for API orders\/create-order: it does not match the request schema \(customerId: .*; lines: .*\); fix the example or the schema\.$/,
    );
  });

  it('refuses a request that is not a zod schema', () => {
    const notASchema = { ...base, request: { customerId: 'string' } } as unknown as typeof base;
    expect(() => defineApi(notASchema)).toThrow(
      new InvalidApiError(
        'Invalid request "object" for API orders/create-order: give the zod schema of the request body, such as z.object({ ... }).',
      ),
    );
  });

  it('takes a zod classic request schema as well', () => {
    const request = classic.object({ customerId: classic.string().min(1) });
    expect(defineApi({ ...base, request, examples: [{ customerId: 'c-1' }] }).request).toBe(request);
  });

  it('refuses an AWS contract to publish', () => {
    expect(() =>
      defineApi({
        ...base,
        // @ts-expect-error: an AWS contract is not publishable
        publishes: [S3ObjectCreated],
      }),
    ).toThrow(
      /^Invalid publishes \["aws\.s3\/Object Created"\] for API orders\/create-order: aws\.s3\/Object Created is an AWS event/,
    );
  });

  it('keeps the function within what API Gateway waits for', () => {
    expect(() => defineApi({ ...base, timeoutSeconds: 60 })).toThrow(
      'Invalid timeoutSeconds 60 for API orders/create-order: use a whole number from 1 to 29.',
    );
    expect(() => defineApi({ ...base, name: 'CreateOrder' })).toThrow(
      'Invalid name "CreateOrder" for API orders/CreateOrder: use kebab-case, such as "create-order".',
    );
  });
});
