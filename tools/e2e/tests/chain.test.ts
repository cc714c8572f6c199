import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@paved/events';
import { PNG } from 'pngjs';

// The README's walk-through, step by step, against `paved start` with the workspace's real services: what a
// developer who clones the repository and runs `npm start` sees. Real HTTP, the real AWS CLI, the `paved` CLI.

const ROOT = findWorkspaceRoot(__dirname);
const PAVED = join(ROOT, 'packages', 'local-bus', 'bin', 'paved.js');
const AWS_CLI = '/usr/bin/aws';
const ORDER_HANDLERS = [
  'orders-reserve-stock',
  'orders-charge-payment',
  'orders-send-order-confirmation',
  'orders-notify-warehouse',
  'orders-record-sale-analytics',
];

interface Delivery {
  readonly rule: string;
  readonly status: string;
  readonly caused?: readonly string[];
}
interface EventView {
  readonly id: string;
  readonly bus: string;
  readonly event: { readonly source: string; readonly 'detail-type': string };
  readonly deliveries: readonly Delivery[];
  readonly causedBy?: { readonly kind: string; readonly id: string };
  readonly caused?: readonly string[];
}

let bus: ChildProcess;
let url = '';
let output = '';
let dataDir = '';
const outbox = (...path: string[]) => join(dataDir, 'outbox', ...path);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'paved-e2e-'));
  bus = spawn(
    process.execPath,
    [PAVED, 'start', '--port', '0', '--data-dir', dataDir, '--time-scale', '0.001'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  bus.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  bus.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  url = await waitFor(
    async () => /listening on (http:\/\/\S+)/.exec(output)?.[1],
    60_000,
    'the bus to start',
  );
}, 90_000);

afterAll(() => {
  bus?.kill('SIGTERM');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the walk-through, as the README tells it', () => {
  it('prints the API routes in its banner', () => {
    expect(output).toContain(`POST ${url}/orders`);
  });

  it.each([
    [
      'with "EventBusName": "default", as the classic tutorial writes it',
      'testuser@example.com',
      ',"EventBusName":"default"',
    ],
    ['with no bus name, which AWS puts on default too', 'nobus@example.com', ''],
  ])('delivers the tutorial put-events %s to the welcome email', async (_how, email, busName) => {
    requireAwsCli();
    const entries = `[{"Source":"myapp.userservice","DetailType":"user_signup","Detail":"{\\"email\\": \\"${email}\\", \\"name\\": \\"Test User\\"}"${busName}}]`;
    const answer = JSON.parse(
      execFileSync(AWS_CLI, ['events', 'put-events', '--endpoint-url', url, '--entries', entries], {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_DEFAULT_REGION: 'us-east-1',
        },
        encoding: 'utf8',
      }),
    ) as { FailedEntryCount: number };
    expect(answer.FailedEntryCount).toBe(0);
    const welcome = await waitFor(
      () => emails().find((sent) => sent.to === email),
      30_000,
      `the welcome email to ${email}`,
    );
    expect(welcome.subject).toBe('Welcome, Test!');
  });

  it('answers POST /orders with 202, then fans the order out to five handlers and on to a follow-on event', async () => {
    const { apis } = (await getJson('/_paved/apis')) as {
      apis: Array<{
        method: string;
        path: string;
        url: string;
        example: unknown;
      }>;
    };
    const createOrder = apis.find((api) => api.method === 'POST' && api.path === '/orders')!;
    expect(createOrder.url).toBe(`${url}/orders`);
    const response = await fetch(createOrder.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createOrder.example),
    });
    expect(response.status).toBe(202);
    const { orderId, eventId } = (await response.json()) as { orderId: string; eventId: string };
    expect(orderId).toMatch(/^o-/);

    const order = await settled(eventId, ORDER_HANDLERS.length);
    expect(order.event['detail-type']).toBe('OrderCreated');
    expect(order.causedBy).toEqual({ kind: 'request', id: expect.any(String) });
    for (const rule of ORDER_HANDLERS) {
      expect(order.deliveries).toContainEqual(expect.objectContaining({ rule, status: 'succeeded' }));
    }

    // charge-payment publishes what happened to the payment; another service's handler consumes it.
    const payment = order.deliveries.find((delivery) => delivery.rule === 'orders-charge-payment')!;
    expect(payment.caused).toHaveLength(1);
    const followOn = await settled(payment.caused![0]!, 1);
    expect(followOn.event.source).toBe('myapp.orders');
    expect(['PaymentCaptured', 'PaymentDeclined']).toContain(followOn.event['detail-type']);
    expect(followOn.causedBy).toEqual({ kind: 'event', id: eventId });
    expect(
      followOn.deliveries.map((delivery) => [delivery.rule.split('-')[0], delivery.status]),
    ).toContainEqual(['notifications', 'succeeded']);
    expect(order.caused).toContain(followOn.id);
  });

  it('turns `paved s3 cp` of a real PNG into a thumbnail in the media service store', async () => {
    const { buckets } = (await getJson('/_paved/buckets')) as {
      buckets: Array<{ name: string; service: string }>;
    };
    const uploads = buckets.find((bucket) => bucket.service === 'media')!;
    const image = new PNG({ width: 300, height: 200 });
    image.data.fill(200);
    const file = join(dataDir, 'photo.png');
    writeFileSync(file, PNG.sync.write(image));
    execFileSync(
      process.execPath,
      [PAVED, 's3', 'cp', file, `s3://${uploads.name}/images/photo.png`, '--endpoint-url', url],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const thumbnail = await waitFor(
      () => files(outbox('thumbnails')).find((path) => path.endsWith('.png')),
      30_000,
      'the thumbnail',
    );
    const decoded = PNG.sync.read(readFileSync(outbox('thumbnails', thumbnail)));
    expect([decoded.width, decoded.height]).toEqual([128, 85]);
  });
});

function requireAwsCli(): void {
  if (existsSync(AWS_CLI)) return;
  // `npm test` installs Debian's awscli (tools/scripts/system-deps.mjs); without it this proof cannot run.
  throw new Error(`${AWS_CLI} is missing: install Debian's awscli (sudo apt-get install -y awscli).`);
}

async function getJson(path: string): Promise<unknown> {
  const response = await fetch(url + path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The event once it has at least `deliveries` deliveries and none is pending. */
function settled(id: string, deliveries: number): Promise<EventView> {
  return waitFor(
    async () => {
      const response = await fetch(`${url}/_paved/events/${id}`);
      if (!response.ok) return undefined;
      const view = (await response.json()) as EventView;
      return view.deliveries.length >= deliveries && view.deliveries.every((d) => d.status !== 'pending')
        ? view
        : undefined;
    },
    30_000,
    `event ${id} to settle`,
  );
}

function emails(): Array<{ to: string; subject: string }> {
  return files(outbox('email')).map((file) => JSON.parse(readFileSync(outbox('email', file), 'utf8')));
}

function files(dir: string): string[] {
  return existsSync(dir)
    ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.includes('.'))
    : [];
}

async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. The bus printed:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
