import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { defineSubscription } from '@paved/events';
import { join } from 'node:path';
import { runCli } from '../src/cli/main';
import { type CliIo } from '../src/cli/io';
import { JobRequested } from './fixtures/contracts';
import { deliveries, settled, startTestBus, waitFor, type TestBus } from './helpers';
import { openChromium } from './chromium';

// Replaying into handlers that already handled the events changes nothing, unless the operator forces it: from the
// CLI (`paved replay --force`) and from the console's replay form.

const subscriptions = (outFile: string) => [
  defineSubscription({
    name: 'idempotent',
    service: 'jobs',
    contract: JobRequested,
    entry: join(__dirname, 'fixtures', 'handlers', 'idempotent.ts'),
    description: 'Records each run of its function.',
    environment: { OUT_FILE: outFile },
  }),
];

function testIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    cwd: process.cwd(),
    stopSignal: new Promise<string>(() => undefined),
    out: () => out,
    err: () => err,
  };
}

describe('forced replays', () => {
  let t: TestBus;
  let from: string;
  let id: string;
  beforeAll(async () => {
    t = await startTestBus(subscriptions);
    from = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000).toISOString();
    const { Entries } = await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'test.jobs',
            DetailType: 'job_requested',
            Detail: JSON.stringify({ behaviour: 'replayed' }),
            EventBusName: 'paved',
          },
        ],
      }),
    );
    id = Entries![0]!.EventId!;
    await settled(t.bus, id);
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });
  afterAll(() => t.stop());

  const runs = () =>
    (deliveries(t.outFile) as (ReturnType<typeof deliveries>[number] & { rerun: string | null })[])
      .filter((line) => line.id === id)
      .map((line) => line.rerun);

  it('paved replay skips handled events, and --force runs them again with paved-rerun: replay:<name>', async () => {
    const plain = testIo();
    expect(
      await runCli(['replay', '--from', from, '--name', 'cli-plain', '--endpoint-url', t.bus.url], plain),
    ).toBe(0);
    expect(plain.out()).toContain('Replay cli-plain: COMPLETED');
    expect(plain.out()).toContain('--force runs them again');
    await settled(t.bus, id, 8000, 2);
    expect(runs()).toEqual([null]);

    const forced = testIo();
    expect(
      await runCli(
        ['replay', '--from', from, '--name', 'cli-forced', '--force', '--endpoint-url', t.bus.url],
        forced,
      ),
    ).toBe(0);
    expect(forced.out()).toContain('Forced: handlers run again on events they already handled');
    await waitFor(() => runs().length === 2, 8000, 'the forced replay to run the handler');
    expect(runs()).toEqual([null, 'replay:cli-forced']);
  });

  it("the console's replay form says what Force does, and its checkbox forces the replay", async () => {
    const browser = await openChromium();
    try {
      const { page } = browser;
      await page.goto(t.bus.url + '/');
      await page.locator('[data-testid="replay"] summary').click();
      expect(await page.locator('[data-testid="replay"]').textContent()).toContain(
        'Without Force, a handler that already handled an event returns its recorded outcome and changes nothing.',
      );
      await page.locator('[data-testid="replay-from"]').fill(from);
      await page.locator('[data-testid="replay-force"]').check();
      const before = runs().length;
      await page.locator('[data-testid="replay-run"]').click();
      await page.locator('[data-testid="replay-result"]:has-text("(forced)")').waitFor();
      await waitFor(() => runs().length === before + 1, 8000, 'the console replay to run the handler');
      expect(runs().at(-1)).toMatch(/^replay:console-/);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
