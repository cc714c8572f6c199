import { defineApi } from '@paved/events';
import * as z from 'zod';
import { ApiRequestError, apiRequest } from '../src';

const RequestSchema = z.object({ note: z.string() });
const api = (route: string) =>
  defineApi({
    name: 'annotate',
    service: 'orders',
    route,
    request: RequestSchema,
    entry: __filename,
    description: 'Annotates an order.',
    examples: [{ note: 'gift' }],
  });

describe('apiRequest', () => {
  it('makes the payload format 2.0 event of a request to the route, its body as JSON', () => {
    const request = apiRequest(api('POST /orders'), { body: { note: 'gift' }, requestId: 'r-9' });
    expect(request).toMatchObject({
      version: '2.0',
      routeKey: 'POST /orders',
      rawPath: '/orders',
      headers: { 'content-type': 'application/json' },
      body: '{"note":"gift"}',
      isBase64Encoded: false,
      requestContext: {
        requestId: 'r-9',
        routeKey: 'POST /orders',
        http: { method: 'POST', path: '/orders' },
      },
    });
    expect(request).not.toHaveProperty('pathParameters');
  });

  it('sends a string body as it is, and no body when given none', () => {
    expect(apiRequest(api('POST /orders'), { body: '{"note":' }).body).toBe('{"note":');
    const empty = apiRequest(api('POST /orders'));
    expect(empty).not.toHaveProperty('body');
    expect(empty.headers).toEqual({});
  });

  it("fills the path's variables, greedy ones included, and passes the query string", () => {
    const request = apiRequest(api('PUT /orders/{orderId}/notes/{path+}'), {
      body: { note: 'gift' },
      pathParameters: { orderId: 'o-1', path: 'a/b' },
      queryStringParameters: { dryRun: 'true' },
    });
    expect(request).toMatchObject({
      rawPath: '/orders/o-1/notes/a/b',
      rawQueryString: 'dryRun=true',
      pathParameters: { orderId: 'o-1', path: 'a/b' },
      queryStringParameters: { dryRun: 'true' },
      requestContext: { http: { method: 'PUT', path: '/orders/o-1/notes/a/b' } },
    });
  });

  it('refuses a path variable without a value, naming it', () => {
    expect(() => apiRequest(api('GET /orders/{orderId}'))).toThrow(ApiRequestError);
    expect(() => apiRequest(api('GET /orders/{orderId}'))).toThrow(
      "apiRequest(orders-annotate) has no value for {orderId} of GET /orders/{orderId}: pass pathParameters: { orderId: '...' }.",
    );
  });
});
