import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { type AnyEventContract, defineEvent, defineSubscription, type EventPattern } from '../../src';
import { type Consumer } from '../../src/compat/consumers';
import { revisionsInWindow, type SchemaHistory } from '../../src/compat/history';
import { checkPackage, type ContractsPackage } from '../../src/compat/package-check';
import { formatVerdicts } from '../../src/compat/report';
import { schemaDocument, schemaFileOf, versionedDetailType } from '../../src/compat/schema-files';

const NOW = new Date('2026-06-30T12:00:00Z');
const DAY = 86_400_000;
const commit = (n: number) => String(n).repeat(40).slice(0, 40);

const LineSchema = z.object({ sku: z.string().min(1), quantity: z.number().int().positive() });
const base = { orderId: z.string().min(1), lines: z.array(LineSchema).min(1) };
const example = { orderId: 'o-1', lines: [{ sku: 'MUG', quantity: 2 }] };

function orderPlaced(
  shape: z.ZodRawShape = base,
  more: Partial<{ version: number; detailType: string }> = {},
) {
  return defineEvent({
    source: 'myapp.shop',
    detailType: more.detailType ?? 'OrderPlaced',
    version: more.version ?? 1,
    detail: z.object(shape),
    description: 'A customer placed an order.',
    examples: [example],
  });
}

function consumer(contract: AnyEventContract, name: string, pattern?: EventPattern): Consumer {
  return {
    project: `shop-${name}`,
    dir: `services/shop/handlers/${name}`,
    subscription: defineSubscription({
      name,
      service: 'shop',
      contract,
      pattern,
      entry: `/nowhere/${name}/handler.ts`,
      description: `Does ${name}.`,
    }),
  };
}

/** Git as the check sees it: each revision of the schema file, committed `daysAgo`. */
function history(...revisions: Array<{ daysAgo: number; contract: AnyEventContract }>): SchemaHistory {
  const commits = revisions.map((revision, index) => ({
    commit: commit(revisions.length - index),
    date: new Date(NOW.getTime() - revision.daysAgo * DAY),
    text: JSON.stringify(schemaDocument(revision.contract)),
  }));
  return {
    shallow: false,
    commits: () => commits.map(({ commit: sha, date }) => ({ commit: sha, date })),
    show: (sha) => commits.find((each) => each.commit === sha)?.text,
  };
}

describe('checkPackage', () => {
  let root: string;
  let dir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'paved-compat-'));
    dir = join(root, 'services', 'shop', 'contracts');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const pkg = (contracts: Record<string, AnyEventContract>): ContractsPackage => ({
    root,
    dir,
    project: 'shop-contracts',
    service: 'shop',
    contracts: new Map(Object.entries(contracts)),
  });
  /** The working copy of the schema file, as `schemas` writes it. */
  const working = (name: string, contract: AnyEventContract) => {
    const path = join(dir, schemaFileOf(name, contract).path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(schemaDocument(contract)));
  };
  const check = (
    contracts: Record<string, AnyEventContract>,
    context: Partial<Parameters<typeof checkPackage>[1]>,
  ) =>
    checkPackage(pkg(contracts), {
      consumers: [],
      history: undefined,
      now: NOW,
      retentionDays: 30,
      ...context,
    });

  it('passes a compatible change (an optional field) once its schema file is written', () => {
    const before = orderPlaced();
    const after = orderPlaced({ ...base, giftNote: z.string().optional() });
    working('OrderPlaced', after);
    const [verdict] = check({ OrderPlaced: after }, { history: history({ daysAgo: 3, contract: before }) });
    expect(verdict).toMatchObject({ breaks: [], stale: undefined, problems: [], mode: 'FULL_TRANSITIVE' });
    expect(verdict!.revisions.map((r) => r.commit)).toEqual([commit(1)]);
  });

  it('fails a compatible change whose schema file is out of date, and one whose file is missing, saying what to run', () => {
    const before = orderPlaced();
    const after = orderPlaced({ ...base, giftNote: z.string().optional() });
    working('OrderPlaced', before);
    const stale = check({ OrderPlaced: after }, { history: history({ daysAgo: 3, contract: before }) });
    expect(stale[0]).toMatchObject({ breaks: [], stale: 'differs' });
    expect(formatVerdicts(pkg({ OrderPlaced: after }), stale, { retentionDays: 30, notes: [] })).toEqual({
      failed: true,
      text:
        '✖ OrderPlaced (myapp.shop / OrderPlaced, version 1): schemas/myapp.shop/OrderPlaced/v1.json is out of date ' +
        '(the contract changed, compatibly). Run `npx nx run shop-contracts:schemas` and commit it.\n',
    });
    rmSync(join(dir, 'schemas'), { recursive: true });
    expect(check({ OrderPlaced: after }, {})[0]).toMatchObject({ stale: 'missing', revisions: [] });
  });

  it('fails a breaking change naming the field, the direction, a counterexample, the consumers and the way out', () => {
    const before = orderPlaced();
    // A contract's examples must match it: the breaking change changes its example too.
    const broken = defineEvent({
      source: 'myapp.shop',
      detailType: 'OrderPlaced',
      detail: z.object({ ...base, orderId: z.number().int() }),
      description: 'A customer placed an order.',
      examples: [{ ...example, orderId: 1001 }],
    });
    working('OrderPlaced', broken);
    // In one process, consumers import the code's contract: the same object.
    const consumers = [consumer(broken, 'ship-order'), consumer(broken, 'bill-order')];
    const verdicts = check(
      { OrderPlaced: broken },
      { consumers, history: history({ daysAgo: 3, contract: before }) },
    );
    expect(verdicts[0]!.breaks.map(({ issue }) => [issue.direction, issue.path])).toEqual([
      ['BACKWARD', 'detail.orderId'],
      ['FORWARD', 'detail.orderId'],
    ]);
    const { text, failed } = formatVerdicts(pkg({ OrderPlaced: broken }), verdicts, {
      retentionDays: 30,
      notes: [],
    });
    expect(failed).toBe(true);
    expect(text).toBe(
      [
        '✖ OrderPlaced (myapp.shop / OrderPlaced, version 1) breaks its consumers: FULL_TRANSITIVE compatibility ' +
          `fails against schemas/myapp.shop/OrderPlaced/v1.json as committed in ${commit(1).slice(0, 7)} (2026-06-27)`,
        '  detail.orderId: was {"type":"string","minLength":1}, now {"type":"integer"}',
        '    breaks BACKWARD: this code reading events already published (the archive replays up to 30 days of them)',
        '      sent as a string, accepted only as an integer',
        '      for example, detail {"orderId":"a","lines":[{"sku":"MUG","quantity":2}]}',
        '    breaks FORWARD: consumers still running the committed schema reading what this code publishes',
        '      sent as an integer, accepted only as a string',
        '      for example, detail {"orderId":1001,"lines":[{"sku":"MUG","quantity":2}]}',
        '  It breaks 2 consumers: shop-ship-order (services/shop/handlers/ship-order), shop-bill-order ' +
          '(services/shop/handlers/bill-order)',
        '  Keep OrderPlaced as it is and make the change in its next version, which consumers move to one at',
        '  a time while the producer publishes both:',
        '    npx hygen event version --event shop.OrderPlaced',
        '',
      ].join('\n'),
    );
  });

  it('checks every revision in the retention window (transitive), and only the latest otherwise', () => {
    const v1 = orderPlaced({ ...base, coupon: z.number().optional() });
    const v2 = orderPlaced();
    const code = orderPlaced({ ...base, coupon: z.string().optional() });
    working('OrderPlaced', code);
    const git = history({ daysAgo: 5, contract: v2 }, { daysAgo: 20, contract: v1 });
    const transitive = check({ OrderPlaced: code }, { history: git });
    expect(transitive[0]!.breaks.map(({ revision, issue }) => [revision.commit, issue.path])).toEqual([
      [commit(1), 'detail.coupon'],
      [commit(1), 'detail.coupon'],
    ]);
    const latestOnly = defineEvent({ ...propsOf(code), compatibility: 'FULL' });
    expect(check({ OrderPlaced: latestOnly }, { history: git })[0]!.breaks).toEqual([]);
  });

  it('lets revisions age out of the window, keeping the one that was current when it opened', () => {
    const revisions = [45, 40, 12, 2].map((daysAgo) => ({
      daysAgo,
      date: new Date(NOW.getTime() - daysAgo * DAY),
    }));
    const newestFirst = [...revisions].reverse();
    expect(
      revisionsInWindow(newestFirst, { now: NOW, days: 30, transitive: true }).map((r) => r.daysAgo),
    ).toEqual([2, 12, 40]);
    expect(
      revisionsInWindow(newestFirst, { now: NOW, days: 30, transitive: false }).map((r) => r.daysAgo),
    ).toEqual([2]);
    expect(revisionsInWindow([], { now: NOW, days: 30, transitive: true })).toEqual([]);
  });

  it("fails a consumer whose pattern matches none of the producer's examples, or filters on an undeclared field", () => {
    const contract = orderPlaced();
    working('OrderPlaced', contract);
    const consumers = [
      consumer(contract, 'ship-order', { ...contract.pattern, detail: { orderId: [{ prefix: 'x-' }] } }),
      consumer(contract, 'bill-order', { ...contract.pattern, detail: { channel: ['web'] } }),
      consumer(contract, 'count-lines', {
        ...contract.pattern,
        detail: { lines: { sku: [{ exists: true }] } },
      }),
    ];
    const [verdict] = check({ OrderPlaced: contract }, { consumers });
    expect(verdict!.problems).toEqual([
      'shop-ship-order (services/shop/handlers/ship-order/src/subscription.ts): its pattern matches none of ' +
        'myapp.shop/OrderPlaced\'s examples (detail.orderId: the pattern wants [{"prefix":"x-"}], example 1 has ' +
        '"o-1"). Add an example of the events it handles to the contract, or fix the pattern.',
      'shop-bill-order (services/shop/handlers/bill-order/src/subscription.ts): its pattern matches none of ' +
        'myapp.shop/OrderPlaced\'s examples (detail.channel: the pattern wants ["web"], example 1 has undefined). ' +
        'Add an example of the events it handles to the contract, or fix the pattern.',
      'shop-bill-order (services/shop/handlers/bill-order/src/subscription.ts): its pattern filters on ' +
        'detail.channel, which myapp.shop/OrderPlaced does not declare: no event of this contract carries it. ' +
        'Filter on a declared field, or declare it in the contract.',
    ]);
  });

  it('gives a new version its own detail-type and schema file, and refuses one without', () => {
    expect(versionedDetailType('OrderPlaced', 1)).toBe('OrderPlaced');
    expect(versionedDetailType('Order Placed', 2)).toBe('Order Placed.v2');
    const v2 = orderPlaced(base, { version: 2, detailType: 'OrderPlaced.v2' });
    expect(schemaFileOf('OrderPlacedV2', v2)).toMatchObject({
      family: 'OrderPlaced',
      path: 'schemas/myapp.shop/OrderPlaced/v2.json',
      problem: undefined,
    });
    const unsuffixed = orderPlaced(base, { version: 2 });
    working('OrderPlaced', orderPlaced());
    working('OrderPlacedV2', unsuffixed);
    const verdicts = check({ OrderPlaced: orderPlaced(), OrderPlacedV2: unsuffixed }, {});
    expect(verdicts[1]!.problems).toEqual([
      'OrderPlacedV2 declares version 2 with detail-type "OrderPlaced": a new version needs a detail-type of its ' +
        'own, "OrderPlaced.v2", so that consumers of the previous version never receive it (`npx hygen event ' +
        'version` writes it so).',
    ]);
  });
});

function propsOf(contract: ReturnType<typeof orderPlaced>) {
  return {
    source: contract.source,
    detailType: contract.detailType,
    detail: contract.detailSchema,
    description: contract.description,
    examples: [contract.examples[0]!] as [(typeof contract.examples)[0]],
  };
}
