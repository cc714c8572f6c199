import { defineApi } from '@paved/events';
import { join } from 'node:path';
import * as z from 'zod';
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { ApiRouteError, startLocalBus, type EventView, type RequestView } from '../src';
import { chainSubscriptions, createSignup, echo } from './fixtures/chain';
import { getJson, settled, startTestBus, tempDir, waitFor, type TestBus } from './helpers';

const other = (route: string, name = 'other') =>
  defineApi({
    name,
    service: 'elsewhere',
    route,
    request: z.unknown(),
    entry: join(__dirname, 'fixtures', 'handlers', 'echo.ts'),
    description: 'Clashes.',
    examples: [{}],
  });

describe("the services' API routes", () => {
  let t: TestBus;
  const request = async (id: string) =>
    waitFor(
      async () => {
        const { status, body } = await getJson<RequestView>(
          t.bus,
          `/_paved/requests/${encodeURIComponent(id)}`,
        );
        return status === 200 && body;
      },
      5000,
      `request ${id}`,
    );

  /** The signups on paved for `email` (the function ran and published). */
  const published = async (email: string) =>
    (await getJson<{ events: EventView[] }>(t.bus, '/_paved/events?limit=1000')).body.events.filter(
      (view) =>
        view.event['detail-type'] === 'user_signup' &&
        (view.event.detail as { email?: string }).email === email,
    );

  beforeAll(async () => {
    t = await startTestBus((out) => Object.values(chainSubscriptions(out)), { apis: [createSignup, echo] });
  });
  afterAll(() => t.stop());

  it('runs the API for POST /signups at the bus root and answers what its function answered', async () => {
    const response = await fetch(`${t.bus.url}/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json');
    const requestId = response.headers.get('apigw-requestid')!;
    const { eventId } = (await response.json()) as { eventId: string };

    const published = await settled(t.bus, eventId, 8000, 2);
    expect(published).toMatchObject({ bus: 'paved', causedBy: { kind: 'request', id: requestId } });
    expect(published.event.detail).toMatchObject({
      email: 'ada@example.com',
      _meta: { correlationId: requestId, causationId: `request:${requestId}` },
    });
    expect(await request(requestId)).toMatchObject({
      kind: 'api',
      method: 'POST',
      path: '/signups',
      status: 202,
      target: 'identity-create-signup',
      events: [eventId],
      invocationId: (published.event.detail as { _meta: { invocationId: string } })._meta.invocationId,
    });
  });

  it("answers 400 for a body the API does not take, as its function's validation says", async () => {
    const response = await fetch(`${t.bus.url}/signups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not an address', name: '' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string }[] };
    expect(body.issues.map((issue) => issue.path).sort()).toEqual(['email', 'name']);
    const record = await request(response.headers.get('apigw-requestid')!);
    expect(record).toMatchObject({ status: 400, events: [] });
  });

  it('refuses a change of state that is not JSON: a page on another origin could send it unasked', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', undefined]) {
      const response = await fetch(`${t.bus.url}/signups`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: type ? JSON.stringify({ email: 'ada@example.com', name: 'Ada' }) : undefined,
      });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        __type: 'AccessDeniedException',
        message: expect.stringContaining('POST /signups needs Content-Type: application/json'),
      });
    }
    expect(await published('ada@example.com')).toHaveLength(1);
  });

  it('answers no Host it does not know: a page rebound to the bus cannot call its routes', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: t.bus.port,
          method: 'POST',
          path: '/signups',
          headers: { host: `evil.example:${t.bus.port}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ email: 'evil@example.com', name: 'Evil' }));
    });
    expect(status).toBe(403);
    expect(await published('evil@example.com')).toEqual([]);
  });

  it("gives the function API Gateway's payload format 2.0 event, and infers a result without statusCode", async () => {
    const response = await fetch(`${t.bus.url}/echo/42/a%20b/c?x=1&x=2&y=%20z`, {
      headers: { 'x-custom': 'A', cookie: 'a=1; b=2', 'user-agent': 'paved-test' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const { event, awsRequestId } = (await response.json()) as {
      event: Record<string, unknown>;
      awsRequestId: string;
    };
    const requestId = response.headers.get('apigw-requestid')!;
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'ANY /echo/{id}/{rest+}',
      rawPath: '/echo/42/a%20b/c',
      rawQueryString: 'x=1&x=2&y=%20z',
      cookies: ['a=1', 'b=2'],
      headers: expect.objectContaining({
        'x-custom': 'A',
        'user-agent': 'paved-test',
        host: new URL(t.bus.url).host,
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
      }),
      queryStringParameters: { x: '1,2', y: ' z' },
      pathParameters: { id: '42', rest: 'a b/c' },
      requestContext: {
        accountId: '000000000000',
        apiId: expect.stringMatching(/^[0-9a-f]{10}$/),
        domainName: new URL(t.bus.url).host,
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/echo/42/a%20b/c',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'paved-test',
        },
        requestId,
        routeKey: 'ANY /echo/{id}/{rest+}',
        stage: '$default',
        time: expect.stringMatching(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/),
        timeEpoch: expect.any(Number),
      },
      isBase64Encoded: false,
    });
    expect((event['headers'] as Record<string, string>)['cookie']).toBeUndefined();
    expect((await request(requestId)).invocationId).toBe(awsRequestId);

    const posted = await fetch(`${t.bus.url}/echo/1/2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    const echoed = ((await posted.json()) as { event: Record<string, unknown> }).event;
    expect(echoed).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    expect(echoed).not.toHaveProperty('queryStringParameters');
  });

  it('lists the routes with their local URL and an example body', async () => {
    const { body } = await getJson<{ apis: unknown[] }>(t.bus, '/_paved/apis');
    expect(body.apis).toEqual([
      {
        id: 'identity-create-signup',
        service: 'identity',
        name: 'create-signup',
        description: 'Signs a user up.',
        method: 'POST',
        path: '/signups',
        route: 'POST /signups',
        url: `${t.bus.url}/signups`,
        example: { email: 'a@example.com', name: 'A' },
        publishes: ['myapp.userservice/user_signup'],
      },
      expect.objectContaining({ id: 'tools-echo', method: 'ANY', url: `${t.bus.url}/echo/{id}/{rest+}` }),
    ]);
  });

  it('answers 404 for a path no route takes, saying where the routes are listed', async () => {
    const response = await fetch(`${t.bus.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain('GET /_paved/apis (2 routes)');
  });
});

describe('API routes that clash', () => {
  it.each([
    [
      'the same method and path as another API',
      [createSignup, other('POST /signups')],
      'APIs identity-create-signup (POST /signups) and elsewhere-other (POST /signups) have the same route',
    ],
    [
      'the same shape with other variable names',
      [other('GET /orders/{orderId}', 'a'), other('GET /orders/{id}', 'b')],
      'APIs elsewhere-a (GET /orders/{orderId}) and elsewhere-b (GET /orders/{id}) have the same route',
    ],
    ["the bus's own endpoints", [other('GET /_paved/stats')], "clashes with the bus's own paths"],
    ["the bus's root", [other('POST /')], "clashes with the bus's own paths"],
    ['every path (a greedy root)', [other('ANY /{proxy+}')], "clashes with the bus's own paths"],
  ])('stop the bus starting: %s', async (_, apis, message) => {
    const dir = tempDir();
    const started = startLocalBus({ subscriptions: [], apis, dataDir: join(dir, 'data'), port: 0 });
    await expect(started).rejects.toBeInstanceOf(ApiRouteError);
    await expect(started).rejects.toThrow(message);
    rmSync(dir, { recursive: true, force: true });
  });
});
