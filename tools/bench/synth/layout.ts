// How a service's handlers spread over the platform's nested stacks as it grows, without hygen, npm or Nx: the
// service stack built in this process from N generated subscriptions (inline code, nothing bundled) and synthesized
// with CDK's 500-resource check on. Each stack's resources and template bytes are read back from the assembly.
import { App } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { defineEvent, defineSubscription, type Subscription } from '@paved/events';
import { ServiceStack } from '@paved/platform';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

const OrderCreated = defineEvent({
  source: 'bench.orders',
  detailType: 'OrderCreated',
  detail: z.object({ orderId: z.string().min(1), customerId: z.string().min(1) }),
  description: 'A customer placed an order.',
  examples: [{ orderId: 'o-1', customerId: 'c-1' }],
});

/** `direct`: every handler as the generator's default; `mixed`: a store every 3rd, a queue every 5th, a stream every 7th. */
export type LayoutVariant = 'direct' | 'mixed';

export interface LayoutResult {
  readonly handlers: number;
  readonly variant: LayoutVariant;
  /** The service stack and each nested stack of handlers. */
  readonly stacks: number;
  readonly serviceStackResources: number;
  readonly largestResources: number;
  readonly largestBytes: number;
  /** Handlers in the fullest nested stack. */
  readonly mostHandlers: number;
  readonly totalResources: number;
  readonly seconds: number;
}

function subscription(i: number, variant: LayoutVariant): Subscription {
  const mixed = variant === 'mixed';
  return defineSubscription({
    name: `h${i}`,
    service: 'perf',
    contract: OrderCreated,
    entry: __filename,
    description: `Generated handler ${i}.`,
    ...(mixed && i % 3 === 0 ? { stores: ['records'] } : {}),
    ...(mixed && i % 5 === 0
      ? { delivery: { kind: 'queue' as const } }
      : mixed && i % 7 === 0
        ? { delivery: { kind: 'stream' as const, partitionKey: '$.detail.customerId' } }
        : {}),
  });
}

export function measureLayout(handlers: number, variant: LayoutVariant): LayoutResult {
  const started = performance.now();
  const app = new App({ context: { mailFrom: 'noreply@example.com' } });
  const subscriptions = Array.from({ length: handlers }, (_, k) => subscription(k + 1, variant));
  const code = lambda.Code.fromInline('exports.handler = async () => {};');
  const stack = new ServiceStack(app, 'Perf', {
    service: 'perf',
    subscriptions,
    handlerProps: Object.fromEntries(subscriptions.map((s) => [s.name, { code }])),
  });
  const assembly = app.synth();
  const written = [stack, ...stack.handlerGroups].map((owner) => {
    const file = join(assembly.directory, owner.templateFile);
    const text = readFileSync(file, 'utf8');
    return {
      resources: Object.keys((JSON.parse(text) as { Resources: object }).Resources).length,
      bytes: Buffer.byteLength(text),
    };
  });
  const groups = written.slice(1);
  return {
    handlers,
    variant,
    stacks: written.length,
    serviceStackResources: written[0]!.resources,
    largestResources: Math.max(0, ...groups.map((g) => g.resources)),
    largestBytes: Math.max(0, ...groups.map((g) => g.bytes)),
    mostHandlers: Math.max(0, ...stack.handlerGroups.map((group) => group.handlers.length)),
    totalResources: written.reduce((sum, g) => sum + g.resources, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

export function renderLayout(results: readonly LayoutResult[]): string {
  return [
    '### Stack layout (in-process synth, `--layout-only`)',
    '',
    '| handlers | kind | stacks (service + nested) | service stack: resources | fullest nested stack: handlers | **largest stack: resources** | **largest template** | resources in all | synth in process |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.handlers} | ${r.variant} | ${r.stacks} | ${r.serviceStackResources} | ${r.mostHandlers} | **${r.largestResources}** | **${(r.largestBytes / 1024).toFixed(1)} KB** | ${r.totalResources} | ${r.seconds.toFixed(1)} s |`,
    ),
    '',
    '`direct`: every handler as `hygen handler new` makes it; `mixed`: a store every 3rd handler, queue delivery every ' +
      '5th, stream delivery every 7th (the largest handlers). CloudFormation allows 500 resources and 1 MB a stack.',
  ].join('\n');
}
