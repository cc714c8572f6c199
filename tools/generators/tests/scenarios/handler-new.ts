import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Scratch } from '@paved/testing';

/** The projects `hygen handler new` and `hygen service new` write or change below, checked by one nx run-many. */
export const handlerNewProjects = [
  'orders-add-loyalty-points',
  'orders-audit-captures',
  'orders-settle-payment',
  'media-index-video',
  'loyalty-award-points',
  'orders',
  'media',
  'loyalty',
  'media-contracts',
  'loyalty-contracts',
];

// The handler and service generators as a user runs them, into the shared copy of this workspace
// (tests/generated-workspace.test.ts, which then lints, typechecks and tests what they wrote).
export function describeHandlerNew(workspace: () => Scratch): void {
  describe('hygen handler new, run as a user would', () => {
    let scratch: Scratch;
    beforeAll(() => {
      scratch = workspace();
      scratch.commit('before hygen handler new');
    });

    const hygen = (...args: string[]) => {
      const result = scratch.run('npx', ['hygen', ...args]);
      expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
      return result.output;
    };
    const read = (path: string) => readFileSync(join(scratch.root, path), 'utf8');

    it('adds a handler that consumes an existing event (orders.OrderCreated)', () => {
      hygen(
        'handler',
        'new',
        '--service',
        'orders',
        '--name',
        'add-loyalty-points',
        '--event',
        'orders.OrderCreated',
      );
      const dir = 'services/orders/handlers/add-loyalty-points';
      for (const file of [
        'package.json',
        'README.md',
        'src/subscription.ts',
        'src/handler.ts',
        'src/add-loyalty-points.ts',
        'tests/handler.test.ts',
        'tests/add-loyalty-points.test.ts',
      ]) {
        expect(existsSync(join(scratch.root, dir, file))).toBe(true);
      }
      // The subscription says everything the platform and the local bus need: no construct, re-export or fixtures.
      for (const file of ['src/construct.ts', 'src/schema.ts', 'src/index.ts', 'events']) {
        expect(existsSync(join(scratch.root, dir, file))).toBe(false);
      }
      const subscription = read(`${dir}/src/subscription.ts`);
      expect(subscription).toContain("import { OrderCreated } from '@paved/orders-contracts';");
      expect(subscription).toContain("stores: ['add-loyalty-points'],");
      expect(read(`${dir}/src/handler.ts`)).toContain(
        "stores['add-loyalty-points'].putJsonIfAbsent(key, record)",
      );
      const registry = read('services/orders/src/subscriptions.ts');
      expect(registry).toContain(
        "import { subscription as addLoyaltyPoints } from '@paved/orders-add-loyalty-points';",
      );
      expect(registry).toMatch(/ {2}addLoyaltyPoints,\n {2}\/\/ `npx hygen handler new --service orders/);
      expect(read('services/orders/package.json')).toContain('"@paved/orders-add-loyalty-points": "*"');
      expect(read('CODEOWNERS')).toContain(`/${dir}/ @myorg/orders-team`);
      expect(existsSync(join(scratch.root, 'node_modules/@paved/orders-add-loyalty-points'))).toBe(true);
    });

    it('adds a handler for a --source and --detail-type its service declares already, reusing that contract', () => {
      const output = hygen(
        'handler',
        'new',
        '--service',
        'orders',
        '--name',
        'audit-captures',
        '--source',
        'myapp.orders',
        '--detail-type',
        'PaymentCaptured',
      );
      expect(output).toContain('orders.PaymentCaptured already declares myapp.orders / PaymentCaptured');
      expect(read('services/orders/handlers/audit-captures/src/subscription.ts')).toContain(
        "import { PaymentCaptured } from '@paved/orders-contracts';",
      );
      expect(read('services/orders/handlers/audit-captures/src/handler.ts')).toContain(
        "stores['audit-captures'].putJsonIfAbsent",
      );
    });

    it('adds a handler that publishes follow-on events (--publishes, given twice), declared and tested', () => {
      hygen(
        'handler',
        'new',
        '--service',
        'orders',
        '--name',
        'settle-payment',
        '--event',
        'orders.OrderCreated',
        '--publishes',
        'orders.PaymentCaptured',
        '--publishes',
        'orders.PaymentDeclined',
      );
      const dir = 'services/orders/handlers/settle-payment';
      expect(read(`${dir}/src/subscription.ts`)).toContain('publishes: [PaymentCaptured, PaymentDeclined],');
      const handler = read(`${dir}/src/handler.ts`);
      expect(handler).toContain('await publish(PaymentCaptured, toPaymentCaptured(detail));');
      expect(handler).toContain('await publish(PaymentDeclined, toPaymentDeclined(detail));');
      expect(read(`${dir}/src/settle-payment.ts`)).toContain('orderId: detail.orderId,');
      expect(read(`${dir}/tests/handler.test.ts`)).toContain('mockClient(EventBridgeClient)');
      const pkg = JSON.parse(read(`${dir}/package.json`)) as Record<string, Record<string, string>>;
      expect(Object.keys(pkg['devDependencies']!)).toEqual(
        expect.arrayContaining(['@aws-sdk/client-eventbridge', 'aws-sdk-client-mock']),
      );
    });

    it('adds a handler for a new event, declaring its contract in the service', () => {
      hygen(
        'handler',
        'new',
        '--service',
        'media',
        '--name',
        'index-video',
        '--source',
        'media.uploads',
        '--detail-type',
        'Video Uploaded',
        '--fields',
        'bucket:string,key:string,durationSeconds:number,caption?:string',
      );
      const contract = read('services/media/contracts/src/video-uploaded.ts');
      expect(contract).toContain("source: 'media.uploads'");
      expect(contract).toContain("detailType: 'Video Uploaded'");
      expect(contract).toContain('caption: z.optional(z.string().check(z.minLength(1)))');
      expect(contract).toContain("import * as z from 'zod/mini';");
      expect(contract).toContain('export type VideoUploadedDetail = z.infer<typeof VideoUploadedSchema>;');
      expect(read('services/media/contracts/src/index.ts')).toContain(
        "export { VideoUploaded, VideoUploadedSchema, type VideoUploadedDetail } from './video-uploaded';",
      );
      expect(read('services/media/handlers/index-video/src/subscription.ts')).toContain(
        "import { VideoUploaded } from '@paved/media-contracts';",
      );
    });

    it('makes a new service that a handler can then join', () => {
      hygen('service', 'new', '--name', 'loyalty', '--team', '@acme/loyalty');
      hygen(
        'handler',
        'new',
        '--service',
        'loyalty',
        '--name',
        'award-points',
        '--event',
        'orders.OrderCreated',
      );
      expect(read('CODEOWNERS')).toContain('/services/loyalty/handlers/award-points/ @acme/loyalty');
      expect(read('services/loyalty/src/subscriptions.ts')).toContain(
        "import { subscription as awardPoints } from '@paved/loyalty-award-points';",
      );
    });
  });
}
