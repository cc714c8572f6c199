import { join } from 'node:path';
import { type AnyEventContract, findWorkspaceRoot, S3ObjectCreated } from '@paved/events';
import { listFlag } from '../src/arguments';
import { InvalidArgumentError, UnknownContractError } from '../src/errors';
import { handlerParams } from '../src/handler';
import { publishParams } from '../src/publishes';
import { loadContracts } from '../src/workspace';

// `--publishes` as the generator reads it, against this workspace's own contracts (nothing is written).
const root = findWorkspaceRoot(__dirname);
const contract = (service: string, name: string): AnyEventContract =>
  loadContracts(join(root, 'services', service)).get(name)!;
const params = (publishes: unknown, event = 'orders.OrderCreated') =>
  handlerParams(
    { service: 'orders', name: 'settle-payment', event, publishes },
    { interactive: false, root },
  );

describe('listFlag', () => {
  it('reads a flag given several times or comma-separated, each value once, in order', () => {
    expect(listFlag({ publishes: ['a.B', 'c.D, a.B'] }, 'publishes')).toEqual(['a.B', 'c.D']);
    expect(listFlag({ publishes: 'a.B,,c.D ' }, 'publishes')).toEqual(['a.B', 'c.D']);
    expect(listFlag({}, 'publishes')).toEqual([]);
  });

  it('refuses the flag without a value, with an example', () => {
    expect(() => listFlag({ publishes: true }, 'publishes')).toThrow(InvalidArgumentError);
    expect(() => listFlag({ publishes: true }, 'publishes')).toThrow(
      'give it a value each time, such as --publishes orders.PaymentCaptured',
    );
  });
});

describe('handler new --publishes', () => {
  it('declares each contract, depends on its package, and mocks EventBridge in the test', async () => {
    const handler = await params(['orders.PaymentCaptured', 'orders.PaymentDeclined,orders.PaymentCaptured']);
    expect(handler.publishes.map((p) => [p.exportName, p.functionName])).toEqual([
      ['PaymentCaptured', 'toPaymentCaptured'],
      ['PaymentDeclined', 'toPaymentDeclined'],
    ]);
    expect(handler.imports).toEqual({
      contracts: "import { OrderCreated, PaymentCaptured, PaymentDeclined } from '@paved/orders-contracts';",
      contractTypes:
        "import { type OrderCreated, type PaymentCaptured, type PaymentDeclined } from '@paved/orders-contracts';",
      published: "import { PaymentCaptured, PaymentDeclined } from '@paved/orders-contracts';",
    });
    expect(Object.keys(handler.devDependencies)).toEqual([
      '@aws-sdk/client-eventbridge',
      '@paved/platform',
      '@paved/testing',
      'aws-sdk-client-mock',
    ]);
    expect(handler.devDependencies['aws-sdk-client-mock']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('depends on the package of a contract another service owns', async () => {
    const handler = await params('notifications.CustomerNotification', 'orders.PaymentDeclined');
    expect(handler.dependencies).toEqual({
      '@paved/adapters': '*',
      '@paved/events': '*',
      '@paved/notifications-contracts': '*',
      '@paved/orders-contracts': '*',
      '@paved/runtime': '*',
    });
  });

  it('changes nothing for a handler that publishes nothing', async () => {
    const handler = await params(undefined);
    expect(handler.publishes).toEqual([]);
    expect(handler.imports.published).toBe('');
    expect(Object.keys(handler.devDependencies)).toEqual(['@paved/platform', '@paved/testing']);
  });

  it('refuses to publish the event the handler consumes, which would invoke it without end', async () => {
    await expect(params('orders.OrderCreated')).rejects.toThrow(InvalidArgumentError);
    await expect(params('orders.OrderCreated')).rejects.toThrow(
      'the handler consumes myapp.orders / OrderCreated itself',
    );
  });

  it('names the contracts there are when one is unknown', async () => {
    await expect(params('orders.OrderShipped')).rejects.toThrow(UnknownContractError);
    await expect(params('orders.OrderShipped')).rejects.toThrow(
      /No contract orders\.OrderShipped in the workspace \(--publishes\)\. Known contracts: .*orders\.PaymentCaptured/,
    );
    await expect(params('OrderShipped')).rejects.toThrow(
      'Invalid --publishes "OrderShipped": write <service>.<Contract>, such as --publishes orders.PaymentCaptured.',
    );
  });
});

describe('publishParams', () => {
  const PaymentDeclined = contract('orders', 'PaymentDeclined');
  const CustomerNotification = contract('notifications', 'CustomerNotification');
  const named = (declared: AnyEventContract, exportName: string, packageName: string) => ({
    contract: declared,
    exportName,
    packageName,
  });

  it('copies the fields whose schemas agree, and takes the others from the example', () => {
    const [notification] = publishParams(
      named(PaymentDeclined, 'PaymentDeclined', '@paved/orders-contracts'),
      [named(CustomerNotification, 'CustomerNotification', '@paved/notifications-contracts')],
    );
    expect(notification!.fields.map(({ name, fromEvent, code }) => [name, fromEvent, code])).toEqual([
      ['type', false, '"unrecognized-login"'],
      ['customerId', true, 'detail.customerId'],
      ['email', true, 'detail.email'],
      ['occurredAt', false, '"2026-01-01T12:00:00Z"'],
      ['login', false, JSON.stringify((CustomerNotification.examples[0] as { login: unknown }).login)],
    ]);
    const derived = JSON.parse(notification!.exampleJson) as Record<string, unknown>;
    expect(derived).toMatchObject({ customerId: 'c-1002', email: 'grace@example.com' });
    expect(CustomerNotification.safeParseDetail(derived).success).toBe(true);
  });

  it("refuses an AWS service's event: only AWS puts those on a bus", () => {
    expect(() =>
      publishParams(named(PaymentDeclined, 'PaymentDeclined', '@paved/orders-contracts'), [
        named(S3ObjectCreated, 'S3ObjectCreated', '@paved/events'),
      ]),
    ).toThrow("Invalid --publishes S3ObjectCreated: it is an AWS service's event");
  });
});
