import { CfnResource, type NestedStack, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { defineSubscription, type Subscription } from '@paved/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type EventHandlerOptions,
  findNagFindings,
  HANDLER_GROUP_COUNT,
  handlerGroupOf,
  InvalidPlatformConfigError,
  ServiceStack,
} from '../src';
import { OrderCreated, StockReserved } from './fixtures/contracts';
import { testApp } from './helpers';

const CFN_MAX_RESOURCES = 500;
const CFN_MAX_TEMPLATE_BYTES = 1_000_000;
const inline = { code: lambda.Code.fromInline('exports.handler = async () => {};') };

/**
 * Handler `h<i>` of a generated service, varied the way real ones are: every third keeps a store, every fourth
 * publishes, every fifth takes its events through a queue and every seventh through a stream (the largest handlers).
 */
function generated(i: number): Subscription {
  return defineSubscription({
    name: `h${i}`,
    service: 'perf',
    contract: OrderCreated,
    entry: join(__dirname, 'fixtures', 'handlers', 'reserve-stock', 'src', 'handler.ts'),
    description: `Generated handler ${i}.`,
    ...(i % 3 === 0 ? { stores: ['records'] } : {}),
    ...(i % 4 === 0 ? { publishes: [StockReserved] } : {}),
    ...(i % 5 === 0
      ? { delivery: { kind: 'queue' as const } }
      : i % 7 === 0
        ? { delivery: { kind: 'stream' as const, partitionKey: '$.detail.customerId' } }
        : {}),
  });
}

/** Where one resource of a handler was synthesized: its stack's path and its logical id there. */
interface Placed {
  readonly stack: string;
  readonly logicalId: string;
}

/** A template as the synth wrote it to the assembly. */
interface WrittenStack {
  readonly path: string;
  readonly resources: number;
  readonly bytes: number;
  readonly outputs: number;
  readonly text: string;
  readonly template: {
    Resources: Record<string, { Type: string; Properties?: { Parameters?: object } }>;
    Outputs?: object;
  };
}

interface Synthesized {
  readonly stack: ServiceStack;
  /** Every resource of every handler, by its construct path below the service stack's handlers' own scope. */
  readonly resources: ReadonlyMap<string, Placed>;
  /** Resource count and template bytes of the service stack and each nested stack, as written to the assembly. */
  readonly stacks: readonly WrittenStack[];
}

/** Synthesizes a `perf` service with these handlers (CDK's 500-resource check on, as in every app). */
function synth(handlers: readonly number[], layout?: 'flat'): Synthesized {
  const app = testApp();
  const subscriptions = handlers.map(generated);
  const stack = new ServiceStack(app, 'Perf', {
    service: 'perf',
    subscriptions,
    handlerLayout: layout,
    handlerProps: Object.fromEntries(
      subscriptions.map((subscription): [string, EventHandlerOptions] => [subscription.name, inline]),
    ),
  });
  const assembly = app.synth();
  const stacks = [stack, ...stack.handlerGroups].map((candidate) => {
    const file = join(assembly.directory, candidate.templateFile);
    const text = readFileSync(file, 'utf8');
    const template = JSON.parse(text) as WrittenStack['template'];
    return {
      path: candidate.node.path,
      resources: Object.keys(template.Resources).length,
      bytes: Buffer.byteLength(text),
      outputs: Object.keys(template.Outputs ?? {}).length,
      text,
      template,
    };
  });
  const resources = new Map<string, Placed>();
  for (const handler of stack.handlers) {
    for (const resource of handler.node.findAll().filter(CfnResource.isCfnResource)) {
      const owner = Stack.of(resource);
      const logicalId = owner.resolve(owner.getLogicalId(resource)) as string;
      // Read back from the written template, so a figure below is what CloudFormation would get.
      const written = stacks.find((candidate) => candidate.path === owner.node.path);
      expect(written?.template.Resources[logicalId]).toBeDefined();
      resources.set(`${handler.subscription.id}/${resource.node.path.split('/').slice(-3).join('/')}`, {
        stack: owner.node.path,
        logicalId,
      });
    }
  }
  // The nested stacks themselves are resources of the parent: they must not move either.
  for (const group of stack.handlerGroups) {
    const resource = group.nestedStackResource!;
    resources.set(`group/${group.group}`, {
      stack: stack.node.path,
      logicalId: stack.getLogicalId(resource),
    });
  }
  return { stack, resources, stacks };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The entries of `before` that `after` must keep: all but the removed handler's. */
function kept(before: Synthesized, removed?: string): [string, Placed][] {
  return [...before.resources].filter(([key]) => removed === undefined || !key.startsWith(`${removed}/`));
}

describe.each([30, 110])('a service of %i handlers, in nested stacks', (count) => {
  let before: Synthesized;

  beforeAll(() => {
    before = synth(range(1, count));
  });

  it('places each handler in the group its id hashes to, and makes only the groups that hold one', () => {
    for (const handler of before.stack.handlers) {
      const group = Stack.of(handler) as NestedStack;
      expect(group.nestedStackParent).toBe(before.stack);
      expect(group.node.id).toBe(`Handlers${String(handlerGroupOf(handler.subscription)).padStart(2, '0')}`);
    }
    const used = new Set(before.stack.handlers.map((handler) => handlerGroupOf(handler.subscription)));
    expect(before.stack.handlerGroups.map((group) => group.group)).toEqual([...used].sort((a, b) => a - b));
  });

  it('keeps every stack under 500 resources and a 1 MB template', () => {
    for (const written of before.stacks) {
      expect({ path: written.path, over: written.resources >= CFN_MAX_RESOURCES }).toEqual({
        path: written.path,
        over: false,
      });
      expect(written.bytes).toBeLessThan(CFN_MAX_TEMPLATE_BYTES);
    }
  });

  it('hands values to the nested stacks as parameters: no exports, no imports, nothing output back', () => {
    for (const written of before.stacks) {
      expect([
        written.path,
        written.text.includes('Fn::ImportValue'),
        written.text.includes('"Export"'),
      ]).toEqual([written.path, false, false]);
      if (written.path !== 'Perf') expect([written.path, written.outputs]).toEqual([written.path, 0]);
    }
    const nested = Object.values(before.stacks[0]!.template.Resources).filter(
      (resource) => resource.Type === 'AWS::CloudFormation::Stack',
    );
    expect(nested).toHaveLength(before.stack.handlerGroups.length);
    for (const resource of nested)
      expect(Object.keys(resource.Properties?.Parameters ?? {}).length).toBeGreaterThan(0);
  });

  it('keeps every earlier resource in its stack under its logical id when a handler is added', () => {
    const after = synth(range(1, count + 1));
    expect(after.resources.size).toBeGreaterThan(before.resources.size);
    for (const [key, placed] of kept(before)) expect([key, after.resources.get(key)]).toEqual([key, placed]);
  });

  it('keeps every other resource in its stack under its logical id when a handler is removed', () => {
    const removed = Math.ceil(count / 2);
    const after = synth(range(1, count).filter((i) => i !== removed));
    const rest = kept(before, `perf-h${removed}`);
    expect(rest.length).toBeLessThan(before.resources.size);
    for (const [key, placed] of rest) {
      if (key.startsWith('group/') && !after.resources.has(key)) {
        // Only the removed handler's group may go, and only if it held that handler alone.
        expect(
          before.stack.handlerGroups.find((group) => `group/${group.group}` === key)?.handlers,
        ).toHaveLength(1);
        continue;
      }
      expect([key, after.resources.get(key)]).toEqual([key, placed]);
    }
  });
});

describe('handler placement', () => {
  it('hashes an id to the same group on every synth: changing the hash or the group count would move handlers', () => {
    expect(HANDLER_GROUP_COUNT).toBe(32);
    expect(handlerGroupOf({ id: 'orders-reserve-stock' })).toBe(3);
    expect(handlerGroupOf({ id: 'orders-charge-payment' })).toBe(19);
    expect(handlerGroupOf({ id: 'perf-h1' })).toBe(1);
  });

  it('gives a nested handler the logical ids it has in a flat stack, but for its invoke permission and event source mapping', () => {
    const flat = synth([1, 5, 7], 'flat');
    const nested = synth([1, 5, 7]);
    expect(flat.stack.handlerGroups).toEqual([]);
    const renamed: string[] = [];
    for (const [key, placed] of flat.resources) {
      expect(placed.stack).toBe('Perf');
      const moved = nested.resources.get(key);
      if (moved === undefined) {
        renamed.push(key);
        continue;
      }
      expect(moved.logicalId).toBe(placed.logicalId);
      expect(moved.stack).toMatch(/^Perf\/Handlers\d\d$/);
    }
    // Three constructs are named after another's whole path (Perf/Handlers01/H1/Rule), not their place below the
    // stack: the rule's invoke permission and the queue's or stream's event source mapping. They hold no data, but a
    // new stream mapping reads from TRIM_HORIZON again (platform README, "Stack layout").
    expect(renamed).toEqual([
      expect.stringMatching(/^perf-h1\/H1\/Rule\/AllowEventRulePerfH1Function/),
      expect.stringMatching(/^perf-h5\/Function\/SqsEventSource:PerfH5Queue/),
      expect.stringMatching(/^perf-h7\/Function\/KinesisEventSource:PerfH7Stream/),
    ]);
    const handlerKeys = [...nested.resources.keys()].filter((key) => !key.startsWith('group/'));
    expect(handlerKeys).toHaveLength(flat.resources.size);
  });

  it("leaves CDK's own 500-resource check on: a flat service of 30 handlers does not synthesize", () => {
    expect(() => synth(range(1, 30), 'flat')).toThrow(
      /Number of resources in stack 'Perf': \d+ is greater than allowed maximum of 500/,
    );
  });

  it("runs cdk-nag on every handler's nested stack: nothing in a generated service, a careless queue in one is found", () => {
    const { stack } = synth([1, 5, 7, 9]);
    expect(findNagFindings(stack)).toEqual([]);
    const group = stack.handlerGroups[0]!;
    new sqs.Queue(group, 'Careless');
    expect(findNagFindings(stack).map((finding) => [finding.rule, finding.paths])).toEqual(
      expect.arrayContaining([['AwsSolutions-SQS4', [`Perf/${group.node.id}/Careless/Resource`]]]),
    );
  });

  it('pins a handler to the group handlerPlacement names', () => {
    const app = testApp();
    const stack = new ServiceStack(app, 'Perf', {
      service: 'perf',
      subscriptions: [generated(1), generated(2)],
      handlerProps: { h1: inline, h2: inline },
      handlerPlacement: { h2: 30 },
    });
    expect(Stack.of(stack.handler('h2')).node.id).toBe('Handlers30');
    expect(Stack.of(stack.handler('h1')).node.id).toBe('Handlers01');
  });

  it('refuses a group past 500 resources, naming the group, its handlers and the fix', () => {
    const subscriptions = range(1, 30).map(generated);
    const create = () =>
      new ServiceStack(testApp(), 'Perf', {
        service: 'perf',
        subscriptions,
        handlerPlacement: Object.fromEntries(subscriptions.map((subscription) => [subscription.name, 0])),
        handlerProps: Object.fromEntries(subscriptions.map((subscription) => [subscription.name, inline])),
      });
    expect(create).toThrow(InvalidPlatformConfigError);
    expect(create).toThrow(
      /^Handler group 0 of service perf has \d+ resources, over CloudFormation's 500 a stack \(handlers: h1, h2, .*h30\)\. Pin a handler that is not deployed yet to a group with room in handlerPlacement \(for example \{ "h30": 1 \}\); pinning a deployed handler replaces it once\.$/,
    );
  });

  it('refuses a placement naming no handler, in a flat service, or a group out of range', () => {
    const place = (handlerPlacement: Record<string, number>) => () =>
      new ServiceStack(testApp(), 'Perf', {
        service: 'perf',
        subscriptions: [generated(1)],
        handlerProps: { h1: inline },
        handlerPlacement,
      });
    expect(place({ h9: 1 })).toThrow(
      new InvalidPlatformConfigError(
        'handlerPlacement names "h9", which is not a handler of service perf (handlers: h1). Use the subscription\'s name.',
      ),
    );
    expect(
      () =>
        new ServiceStack(testApp(), 'Perf', {
          service: 'perf',
          subscriptions: [generated(1)],
          handlerLayout: 'flat',
          handlerPlacement: { h1: 3 },
        }),
    ).toThrow(
      new InvalidPlatformConfigError(
        "Service perf has handlerLayout 'flat' and a handlerPlacement: a flat service has no nested stacks to pin handlers to. Drop the placement, or the flat layout.",
      ),
    );
    expect(place({ h1: 32 })).toThrow(
      new InvalidPlatformConfigError(
        'handlerPlacement pins h1 to group 32: use a whole number from 0 to 31.',
      ),
    );
  });
});
