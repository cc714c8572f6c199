// Benchmark of the local bus's delivery kinds: the same events through direct, queue and stream delivery, one bus per
// kind, in one run. Reports events/s (sent until every event has its outcome) and invocations per 1,000 events.
// Usage (in tools/bench): npx tsx local-bus/delivery-kinds.ts [--events 20000 --clients 1]
import { defineEvent, defineSubscription, type DeliveryKindOptions } from '@paved/events';
import { startLocalBus } from '@paved/local-bus';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    clients: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    workers: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const CLIENTS = Number(values.clients);

const contract = defineEvent({
  source: 'bench.load',
  detailType: 'type-0',
  detail: z.object({ sentAt: z.number(), payload: z.string() }),
  description: 'Benchmark load.',
  examples: [{ sentAt: 0, payload: '' }],
});

/** The kinds compared, each with the declaration's defaults (what a team gets without tuning). */
const KINDS: { name: string; delivery: DeliveryKindOptions }[] = [
  { name: 'direct', delivery: { kind: 'direct' } },
  { name: 'queue', delivery: { kind: 'queue' } },
  { name: 'stream', delivery: { kind: 'stream', partitionKey: '$.id' } },
];

function runClients(url: string, events: number): Promise<void> {
  const perClient = Math.ceil(events / CLIENTS / 10) * 10;
  return Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = fork(join(__dirname, 'client.ts'), { execArgv: ['--require', 'tsx/cjs'] });
          child.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`client exited with ${code}`)),
          );
          child.send({ url, events: perClient, rules: 1, concurrency: Number(values.concurrency), rate: 0 });
        }),
    ),
  ).then(() => undefined);
}

interface Row {
  readonly kind: string;
  readonly settings: string;
  readonly eventsPerSecond: number;
  readonly invocationsPer1000: number;
  readonly meanBatch: number;
}

async function measure(name: string, delivery: DeliveryKindOptions): Promise<Row> {
  const subscription = defineSubscription({
    name: `noop-${name}`,
    service: 'bench',
    contract,
    entry: join(__dirname, 'noop-handler.ts'),
    description: 'Does nothing.',
    delivery,
  });
  const dir = mkdtempSync(join(tmpdir(), 'paved-bench-'));
  const bus = await startLocalBus({
    subscriptions: [subscription],
    dataDir: dir,
    port: 0,
    prewarm: true,
    workers: values.workers === undefined ? undefined : Number(values.workers),
  });
  let settled = 0;
  const invocations = new Set<string>();
  bus.on('attempt', (attempt) => void (attempt.kind === 'invoke' && invocations.add(attempt.requestId)));
  bus.on('outcome', () => void (settled += 1));
  const waitSettled = async (target: number) => {
    while (settled < target) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  // Warm-up: the handler's environment has run, as on a warm Lambda.
  await runClients(bus.url, 1000);
  await waitSettled(1000);
  invocations.clear();
  const base = settled;
  const started = performance.now();
  await runClients(bus.url, EVENTS);
  await waitSettled(base + EVENTS);
  const ms = performance.now() - started;
  await bus.close();
  rmSync(dir, { recursive: true, force: true });
  const d = subscription.delivery;
  const settings =
    d.kind === 'queue'
      ? `batchSize ${d.batchSize}, window ${d.maxBatchingWindowSeconds} s, maxConcurrency ${d.maxConcurrency ?? 'none'}`
      : d.kind === 'stream'
        ? `batchSize ${d.batchSize}, window ${d.maxBatchingWindowSeconds} s, parallelization ${d.parallelizationFactor}`
        : 'one event per invocation';
  return {
    kind: name,
    settings,
    eventsPerSecond: EVENTS / (ms / 1000),
    invocationsPer1000: (invocations.size / EVENTS) * 1000,
    meanBatch: EVENTS / invocations.size,
  };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const { name, delivery } of KINDS) rows.push(await measure(name, delivery));
  const table = [
    [
      'delivery',
      'settings (the declaration defaults)',
      'events/s',
      'invocations / 1,000 events',
      'mean batch',
    ],
    ...rows.map((r) => [
      r.kind,
      r.settings,
      Math.round(r.eventsPerSecond).toLocaleString('en-US'),
      r.invocationsPer1000.toFixed(1),
      r.meanBatch.toFixed(1),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |\n`;
  process.stdout.write(
    `\nlocal bus delivery kinds: ${EVENTS.toLocaleString('en-US')} events each, one no-op handler, ` +
      `${CLIENTS} client process(es), fsync on, timeScale 0.01 (the bus's default: batching windows x0.01)\n\n`,
  );
  process.stdout.write(line(table[0]!));
  process.stdout.write(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n`);
  for (const row of table.slice(1)) process.stdout.write(line(row));
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
