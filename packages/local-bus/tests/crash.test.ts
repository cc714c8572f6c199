import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { deliveries, startBusProcess, tempDir, waitFor } from './helpers';

const entry = (n: number) => ({
  Source: 'myapp.userservice',
  DetailType: 'user_signup',
  Detail: JSON.stringify({ email: `u${n}@example.com`, name: `U${n}` }),
  EventBusName: 'paved',
});

describe('crash safety', () => {
  it('delivers every acknowledged event at least once after kill -9 under load and a restart', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const outFile = join(dir, 'deliveries.jsonl');
    const first = await startBusProcess(dataDir, outFile);
    const acknowledged = new Set<string>();
    let sent = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const entries = Array.from({ length: 10 }, () => entry(sent++));
        try {
          const response = await fetch(first.url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
            body: JSON.stringify({ Entries: entries }),
          });
          const body = (await response.json()) as { Entries: { EventId?: string }[] };
          for (const result of body.Entries) if (result.EventId) acknowledged.add(result.EventId);
        } catch {
          // The bus died mid-request: that batch was never acknowledged.
          return;
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await waitFor(() => acknowledged.size >= 2000, 15_000, '2000 acknowledged events');
    const closed = new Promise((resolve) => first.child.once('close', resolve));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    await closed;
    const deliveredBeforeCrash = new Set(deliveries(outFile).map((d) => d.id)).size;
    // The kill found a backlog: otherwise this test would prove nothing about recovery.
    expect(deliveredBeforeCrash).toBeLessThan(acknowledged.size);

    const second = await startBusProcess(dataDir, outFile);
    try {
      const missing = await waitFor(
        () => {
          const delivered = new Set(deliveries(outFile).map((d) => d.id));
          const left = [...acknowledged].filter((id) => !delivered.has(id));
          return left.length === 0 ? left : undefined;
        },
        20_000,
        'every acknowledged event to be delivered',
      );
      expect(missing).toEqual([]);
      const lines = deliveries(outFile).filter((d) => acknowledged.has(d.id)).length;
      // Report the figures: at-least-once means some events may have run twice.
      process.stdout.write(
        `crash test: ${acknowledged.size} acknowledged, ${deliveredBeforeCrash} delivered before kill -9, all delivered after restart (${lines - acknowledged.size} duplicates)\n`,
      );
    } finally {
      const stopped = new Promise((resolve) => second.child.once('close', resolve));
      second.child.kill('SIGTERM');
      await stopped;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
