import { scratchWorkspace, type Scratch } from '@paved/testing';

// Each case runs the real generator with no terminal, as CI would, and then checks that nothing was written.
describe('generators refuse clearly and write nothing', () => {
  let scratch: Scratch;
  beforeAll(() => {
    scratch = scratchWorkspace();
  });
  afterAll(() => scratch.remove());
  afterEach(() => expect(scratch.changes()).toBe(''));

  const hygen = (...args: string[]) => scratch.run('npx', ['hygen', ...args]);

  it.each([
    { flag: '--service', args: ['--name', 'x', '--event', 'orders.OrderCreated'] },
    { flag: '--name', args: ['--service', 'orders', '--event', 'orders.OrderCreated'] },
    { flag: '--event', args: ['--service', 'orders', '--name', 'x'] },
    { flag: '--detail-type', args: ['--service', 'media', '--name', 'x', '--source', 'media.uploads'] },
  ])('handler new without $flag exits non-zero naming it', ({ flag, args }) => {
    const result = hygen('handler', 'new', ...args);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`Missing ${flag}`);
  });

  it('service new without --name exits non-zero naming it', () => {
    const result = hygen('service', 'new');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Missing --name');
  });

  it('refuses to overwrite an existing handler package', () => {
    const result = hygen(
      'handler',
      'new',
      '--service',
      'orders',
      '--name',
      'reserve-stock',
      '--event',
      'orders.OrderCreated',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('services/orders/handlers/reserve-stock exists already');
  });

  it('refuses to overwrite an existing service', () => {
    const result = hygen('service', 'new', '--name', 'orders');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('services/orders exists already');
  });

  it('refuses a service name another project already has', () => {
    const result = hygen('service', 'new', '--name', 'platform');
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('already has an Nx project named "platform"');
  });

  it('names the contracts there are when --event is unknown', () => {
    const result = hygen(
      'handler',
      'new',
      '--service',
      'orders',
      '--name',
      'x',
      '--event',
      'orders.OrderShipped',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('No contract orders.OrderShipped');
    expect(result.output).toContain('orders.OrderCreated');
  });

  it('says how to create a service that does not exist', () => {
    const result = hygen(
      'handler',
      'new',
      '--service',
      'billing',
      '--name',
      'x',
      '--event',
      'orders.OrderCreated',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('npx hygen service new --name billing');
  });

  it('refuses a handler that would publish the event it consumes, and invoke itself without end', () => {
    const result = hygen(
      'handler',
      'new',
      '--service',
      'orders',
      '--name',
      'x',
      '--event',
      'orders.OrderCreated',
      '--publishes',
      'orders.PaymentCaptured,orders.OrderCreated',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('the handler consumes myapp.orders / OrderCreated itself');
  });

  it('rejects a handler name that is not kebab-case, with an example', () => {
    const result = hygen(
      'handler',
      'new',
      '--service',
      'orders',
      '--name',
      'AddPoints',
      '--event',
      'orders.OrderCreated',
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Invalid --name "AddPoints": use kebab-case');
  });
});
