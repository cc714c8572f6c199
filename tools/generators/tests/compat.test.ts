import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchWorkspace, type Scratch } from '@paved/testing';

// The compatibility gate as CI runs it (`nx affected -t compat`), in a clone whose schema files are committed:
// a breaking change to OrderCreated fails naming the field and its consumers, a compatible one passes once its
// schema file is written, and `hygen event version` is the way out.
describe('the compat gate and hygen event version, in a clone', () => {
  let scratch: Scratch;
  beforeAll(() => {
    scratch = scratchWorkspace();
  });
  afterAll(() => scratch.remove());
  afterEach(() => {
    scratch.run('git', ['checkout', '--', '.']);
    scratch.run('git', ['clean', '-fdq', '--', 'services']);
  });

  const contract = 'services/orders/contracts/src/order-created.ts';
  const read = (path: string) => readFileSync(join(scratch.root, path), 'utf8');
  const edit = (path: string, from: string, to: string) => {
    const text = read(path);
    expect(text).toContain(from);
    writeFileSync(join(scratch.root, path), text.replace(from, to));
  };
  const run = (...args: string[]) => scratch.run('npx', args);
  const affectedCompat = () =>
    run('nx', 'affected', '-t', 'compat', '--base=main', '--skip-nx-cache', '--output-style=static');

  /** The handler packages whose subscription consumes OrderCreated, read from their code. */
  const consumersOfOrderCreated = () => {
    const found: string[] = [];
    for (const service of readdirSync(join(scratch.root, 'services'))) {
      const handlers = join(scratch.root, 'services', service, 'handlers');
      if (!existsSync(handlers)) continue;
      for (const handler of readdirSync(handlers)) {
        const subscription = join(handlers, handler, 'src', 'subscription.ts');
        if (!existsSync(subscription) || !/contract: OrderCreated,/.test(readFileSync(subscription, 'utf8')))
          continue;
        const pkg = JSON.parse(readFileSync(join(handlers, handler, 'package.json'), 'utf8')) as {
          nx: { name: string };
        };
        found.push(pkg.nx.name);
      }
    }
    return found.sort();
  };

  it("fails a required field's type change, naming the field, both directions and every consumer", () => {
    edit(contract, 'totalMinor: z.int().check(z.nonnegative()),', 'totalMinor: z.string(),');
    edit(contract, 'totalMinor: 6_000,', "totalMinor: '6000',");
    const result = affectedCompat();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      '✖ OrderCreated (myapp.orders / OrderCreated, version 1) breaks its consumers',
    );
    expect(result.output).toContain(
      'detail.totalMinor: was {"type":"integer","minimum":0}, now {"type":"string"}',
    );
    expect(result.output).toContain('breaks BACKWARD');
    expect(result.output).toContain('breaks FORWARD');
    expect(result.output).toContain('sent as a string, accepted only as an integer');

    const consumers = consumersOfOrderCreated();
    expect(consumers).toEqual(
      expect.arrayContaining([
        'orders-reserve-stock',
        'orders-charge-payment',
        'orders-send-order-confirmation',
        'orders-notify-warehouse',
        'orders-record-sale-analytics',
      ]),
    );
    const named = /It breaks (\d+) consumers: (.*)/.exec(result.output);
    expect(Number(named?.[1])).toBe(consumers.length);
    for (const consumer of consumers) expect(named?.[2]).toContain(`${consumer} (services/`);
    expect(result.output).toContain('npx hygen event version --event orders.OrderCreated');
  });

  it('passes an optional field once its schema file is written, and says to write it until then', () => {
    edit(
      contract,
      'createdAt: z.iso.datetime(),\n',
      'createdAt: z.iso.datetime(),\n  giftNote: z.optional(z.string().check(z.maxLength(200))),\n',
    );
    const stale = affectedCompat();
    expect(stale.status).not.toBe(0);
    expect(stale.output).toContain(
      'schemas/myapp.orders/OrderCreated/v1.json is out of date (the contract changed, compatibly). ' +
        'Run `npx nx run orders-contracts:schemas` and commit it.',
    );
    expect(stale.output).not.toContain('breaks its consumers');

    expect(run('nx', 'run', 'orders-contracts:schemas').status).toBe(0);
    expect(read('services/orders/contracts/schemas/myapp.orders/OrderCreated/v1.json')).toContain(
      '"giftNote"',
    );
    const result = affectedCompat();
    expect({ status: result.status, output: result.output.slice(-3000) }).toMatchObject({ status: 0 });
    expect(result.output).toMatch(
      /✔ OrderCreated \(myapp\.orders \/ OrderCreated, version 1\): FULL_TRANSITIVE/,
    );
  });

  it('makes the next version with hygen event version, green with no edit, where the breaking change then passes', () => {
    const generated = run('hygen', 'event', 'version', '--event', 'orders.OrderCreated');
    expect({ status: generated.status, output: generated.output }).toMatchObject({ status: 0 });
    const v2 = read('services/orders/contracts/src/order-created-v2.ts');
    expect(v2).toContain('export const OrderCreatedV2Schema = z.object({');
    expect(v2).toContain(
      "export const OrderCreatedV2 = defineEvent({\n  source: 'myapp.orders',\n  detailType: 'OrderCreated.v2',\n  version: 2,",
    );
    expect(v2).toContain('export type OrderCreatedV2Detail = z.infer<typeof OrderCreatedV2Schema>;');
    expect(read('services/orders/contracts/src/index.ts')).toContain(
      "export { OrderCreatedV2, OrderCreatedV2Schema, type OrderCreatedV2Detail } from './order-created-v2';",
    );
    expect(
      existsSync(join(scratch.root, 'services/orders/contracts/schemas/myapp.orders/OrderCreated/v2.json')),
    ).toBe(true);
    const checks = run(
      'nx',
      'run-many',
      '-t',
      'lint,typecheck,test,compat',
      '-p',
      'orders-contracts',
      '--skip-nx-cache',
    );
    expect({ status: checks.status, output: checks.output.slice(-3000) }).toMatchObject({ status: 0 });

    // The breaking change, made in the new version: version 1's consumers are untouched.
    edit(
      'services/orders/contracts/src/order-created-v2.ts',
      'totalMinor: z.int().check(z.nonnegative()),',
      'totalMinor: z.string(),',
    );
    edit('services/orders/contracts/src/order-created-v2.ts', 'totalMinor: 6_000,', "totalMinor: '6000',");
    expect(run('nx', 'run', 'orders-contracts:schemas').status).toBe(0);
    const result = run('nx', 'run', 'orders-contracts:compat', '--skip-nx-cache');
    expect({ status: result.status, output: result.output.slice(-3000) }).toMatchObject({ status: 0 });

    // Running it again makes version 3, from version 2.
    const again = run('hygen', 'event', 'version', '--event', 'orders.OrderCreated');
    expect(again.status).toBe(0);
    expect(read('services/orders/contracts/src/order-created-v3.ts')).toContain(
      "detailType: 'OrderCreated.v3',\n  version: 3,",
    );
  });

  it('refuses an event that is not there, naming the ones that are, and writes nothing', () => {
    const result = run('hygen', 'event', 'version', '--event', 'orders.OrderShipped');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('No contract orders.OrderShipped in the workspace. Known contracts:');
    expect(result.output).toContain('orders.OrderCreated');
    expect(scratch.changes()).toBe('');
  });

  it("writes a new contract's schema file when hygen handler new declares it, so its package's compat passes", () => {
    const generated = run(
      'hygen',
      'handler',
      'new',
      '--service',
      'orders',
      '--name',
      'ship-order',
      '--source',
      'myapp.orders',
      '--detail-type',
      'Order Shipped',
      '--fields',
      'orderId:string,carrier:string,shippedAt:datetime',
    );
    expect({ status: generated.status, output: generated.output }).toMatchObject({ status: 0 });
    expect(
      existsSync(join(scratch.root, 'services/orders/contracts/schemas/myapp.orders/OrderShipped/v1.json')),
    ).toBe(true);
    const result = run('nx', 'run', 'orders-contracts:compat', '--skip-nx-cache');
    expect({ status: result.status, output: result.output.slice(-3000) }).toMatchObject({ status: 0 });
  });
});
