// Benchmark of the local bus: PutEvents clients over HTTP, 100 rules with no-op handlers, journaling with fsync on.
// Reports sustained events/s, latency from PutEvents sent to handler started at a fixed 1,000 events/s, and
// peak RSS. Usage: npm run bench:local-bus -w tools/bench [-- --events 1000000 --rules 100 --clients 2]
import { defineEvent, defineSubscription, type Subscription } from '@paved/events';
import { startLocalBus } from '@paved/local-bus';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    rules: { type: 'string', default: '100' },
    clients: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '8' },
    'latency-events': { type: 'string', default: '20000' },
    workers: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const RULES = Number(values.rules);
const CLIENTS = Number(values.clients);
const LATENCY_EVENTS = Number(values['latency-events']);

function subscriptions(): Subscription[] {
  return Array.from({ length: RULES }, (_, i) => {
    const contract = defineEvent({
      source: 'bench.load',
      detailType: `type-${i}`,
      detail: z.object({ sentAt: z.number(), payload: z.string() }),
      description: 'Benchmark load.',
      examples: [{ sentAt: 0, payload: '' }],
    });
    return defineSubscription({
      name: `noop-${i}`,
      service: 'bench',
      contract,
      entry: join(__dirname, 'noop-handler.ts'),
      description: 'Does nothing.',
    });
  });
}

function runClients(url: string, events: number, rate: number, clients: number): Promise<void> {
  const perClient = Math.ceil(events / clients / 10) * 10;
  return Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = fork(join(__dirname, 'client.ts'), { execArgv: ['--require', 'tsx/cjs'] });
          child.on('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`client exited with ${code}`)),
          );
          child.send({
            url,
            events: perClient,
            rules: RULES,
            concurrency: Number(values.concurrency),
            rate: rate / clients,
          });
        }),
    ),
  ).then(() => undefined);
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paved-bench-'));
  const bus = await startLocalBus({
    subscriptions: subscriptions(),
    dataDir: dir,
    port: 0,
    prewarm: true,
    maxConcurrency: 2,
    workers: values.workers === undefined ? undefined : Number(values.workers),
  });
  let delivered = 0;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let measuring = false;
  bus.on('accepted', (record) => {
    if (measuring) sentAt.set(record.seq, (record.event.detail as { sentAt: number }).sentAt);
  });
  bus.on('attempt', (attempt) => {
    const sent = sentAt.get(attempt.seq);
    if (sent === undefined) return;
    sentAt.delete(attempt.seq);
    latencies.push(attempt.startedAt - sent);
  });
  bus.on('outcome', (outcome) => {
    if (outcome.status === 'succeeded') delivered += 1;
  });
  const waitDelivered = async (target: number) => {
    while (delivered < target) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  // Warm-up: every handler's environment has run once, as on a warm Lambda.
  await runClients(bus.url, 5000, 0, 1);
  await waitDelivered(5000);

  // Latency at a fixed 1,000 events/s.
  measuring = true;
  let base = delivered;
  await runClients(bus.url, LATENCY_EVENTS, 1000, 1);
  await waitDelivered(base + LATENCY_EVENTS);
  measuring = false;
  const sorted = latencies.sort((a, b) => a - b);

  // Sustained throughput over EVENTS events, sampling RSS.
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 250);
  base = delivered;
  const started = performance.now();
  await runClients(bus.url, EVENTS, 0, CLIENTS);
  const sentMs = performance.now() - started;
  await waitDelivered(base + EVENTS);
  const totalMs = performance.now() - started;
  clearInterval(sampler);
  const { journal } = bus.stats();
  await bus.close();
  rmSync(dir, { recursive: true, force: true });

  const tenth = Math.max(1, Math.floor(rss.length / 10));
  const rows: [string, string, string][] = [
    [
      'sustained throughput (sent→delivered)',
      `${Math.round(EVENTS / (totalMs / 1000)).toLocaleString('en-US')} events/s`,
      '>= 10,000 events/s',
    ],
    [
      'accepted (PutEvents acknowledged)',
      `${Math.round(EVENTS / (sentMs / 1000)).toLocaleString('en-US')} events/s`,
      '',
    ],
    [
      `latency p50 @1,000 events/s (${sorted.length.toLocaleString('en-US')} events)`,
      `${percentile(sorted, 50).toFixed(2)} ms`,
      '',
    ],
    ['latency p99 @1,000 events/s', `${percentile(sorted, 99).toFixed(2)} ms`, '< 10 ms'],
    ['latency max @1,000 events/s', `${(sorted.at(-1) ?? NaN).toFixed(2)} ms`, ''],
    ['peak RSS', mb(Math.max(...rss)), 'flat'],
    [
      'RSS: first 10% of run → last 10%',
      `${mb(Math.max(...rss.slice(0, tenth)))} → ${mb(Math.max(...rss.slice(-tenth)))}`,
      'flat',
    ],
    ['journal written', `${mb(journal.bytes)} in ${journal.segments} segments`, ''],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  process.stdout.write(
    `\nlocal bus: ${EVENTS.toLocaleString('en-US')} events, ${RULES} rules (no-op handlers), ${CLIENTS} client processes, fsync on\n\n`,
  );
  process.stdout.write(`${'measure'.padEnd(width)}  ${'value'.padEnd(valueWidth)}  target\n`);
  for (const [name, value, target] of rows)
    process.stdout.write(`${name.padEnd(width)}  ${value.padEnd(valueWidth)}  ${target}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
