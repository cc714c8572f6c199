import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Scratch } from '@paved/testing';

/** The projects `hygen handler new --delivery` writes or changes below, checked by one nx run-many. */
export const deliveryProjects = ['orders-pack-gift', 'orders-score-order', 'orders-rank-customer', 'orders'];

// `hygen handler new --delivery queue|stream`, as a user runs it, into the shared copy of this workspace: the batch
// handlers it writes must lint, typecheck and pass their own tests with no edit, and the service's stack test must pass
// with them in it (describeServiceStack checks their queue, stream, mappings and alarms, and cdk-nag), which
// tests/generated-workspace.test.ts runs.
export function describeHandlerDelivery(workspace: () => Scratch): void {
  describe('hygen handler new --delivery', () => {
    let scratch: Scratch;
    beforeAll(() => {
      scratch = workspace();
      scratch.commit('before hygen handler new --delivery');
    });

    const hygen = (...args: string[]) => scratch.run('npx', ['hygen', 'handler', 'new', ...args]);
    const generate = (...args: string[]) => {
      const result = hygen(...args);
      expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
    };
    const read = (path: string) => readFileSync(join(scratch.root, path), 'utf8');

    describe('refuses clearly and writes nothing', () => {
      afterEach(() => expect(scratch.changes()).toBe(''));
      const base = ['--service', 'orders', '--name', 'x', '--event', 'orders.OrderCreated'];

      it.each([
        [['--delivery', 'fifo'], 'Invalid --delivery "fifo": use --delivery queue'],
        [
          ['--partition-key', '$.detail.customerId'],
          '--partition-key "$.detail.customerId" applies to --delivery stream only',
        ],
        [
          ['--delivery', 'queue', '--partition-key', '$.detail.customerId'],
          'applies to --delivery stream only (got queue delivery)',
        ],
        [
          ['--delivery', 'stream', '--partition-key', 'detail.customerId'],
          'Invalid --partition-key: Invalid delivery.partitionKey "detail.customerId" for handler orders/x: give a JSONPath',
        ],
        [
          ['--delivery', 'stream', '--partition-key', '$.detail.customer'],
          'Invalid --partition-key "$.detail.customer": the example',
        ],
      ])('with %j', (flags, message) => {
        const result = hygen(...base, ...flags);
        expect(result.status).not.toBe(0);
        expect(result.output).toContain(message);
      });
    });

    it('writes a queue handler: the declaration, defineBatchHandler, and tests that deliver SQS batches', () => {
      generate(
        '--service',
        'orders',
        '--name',
        'pack-gift',
        '--event',
        'orders.OrderCreated',
        '--delivery',
        'queue',
      );
      const dir = 'services/orders/handlers/pack-gift';
      expect(read(`${dir}/src/subscription.ts`)).toContain("delivery: { kind: 'queue' },");
      expect(read(`${dir}/src/handler.ts`)).toContain(
        'export const handler = defineBatchHandler(subscription,',
      );
      // The SQS batch itself (eventSource aws:sqs, the queue's ARN) is @paved/testing's queueBatchOf, tested there.
      expect(read(`${dir}/tests/handler.test.ts`)).toContain(
        "queueBatchOf(events, { name: 'orders-pack-gift' })",
      );
      expect(read(`${dir}/README.md`)).toContain('through an SQS queue, in batches');
    });

    it('writes a stream handler that publishes, partitioned by the first id of the contract unless told otherwise', () => {
      generate(
        '--service',
        'orders',
        '--name',
        'score-order',
        '--event',
        'orders.OrderCreated',
        '--publishes',
        'orders.PaymentCaptured',
        '--delivery',
        'stream',
      );
      const dir = 'services/orders/handlers/score-order';
      expect(read(`${dir}/src/subscription.ts`)).toContain(
        "delivery: { kind: 'stream', partitionKey: '$.detail.orderId' },",
      );
      expect(read(`${dir}/src/handler.ts`)).toContain('import { defineBatchHandler, publish }');
      expect(read(`${dir}/tests/handler.test.ts`)).toContain(
        "streamBatchOf(events, { name: 'orders-score-order' })",
      );
      generate(
        '--service',
        'orders',
        '--name',
        'rank-customer',
        '--event',
        'orders.OrderCreated',
        '--delivery',
        'stream',
        '--partition-key',
        '$.detail.customerId',
      );
      expect(read('services/orders/handlers/rank-customer/src/subscription.ts')).toContain(
        "partitionKey: '$.detail.customerId'",
      );
    });
  });
}
