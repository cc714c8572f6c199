// A load generator, run as a child process so it does not share the bus's event loop. Sends PutEvents with
// 10 entries over keep-alive HTTP, either as fast as `concurrency` requests in flight allow, or at a fixed rate.
import { Agent, request } from 'node:http';

interface Job {
  readonly url: string;
  readonly events: number;
  readonly rules: number;
  readonly concurrency: number;
  /** Events per second; 0 means as fast as possible. */
  readonly rate: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function put(url: URL, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSEvents.PutEvents',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { FailedEntryCount?: number };
          if (res.statusCode !== 200 || parsed.FailedEntryCount)
            reject(new Error(`PutEvents failed: ${res.statusCode} ${Buffer.concat(chunks).toString()}`));
          else resolve(10);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function batch(rules: number): string {
  const now = performance.timeOrigin + performance.now();
  const entries = Array.from({ length: 10 }, () => {
    const rule = Math.floor(Math.random() * rules);
    return {
      Source: 'bench.load',
      DetailType: `type-${rule}`,
      Detail: JSON.stringify({ sentAt: now, payload: 'x'.repeat(200) }),
      EventBusName: 'paved',
    };
  });
  return JSON.stringify({ Entries: entries });
}

async function run(job: Job): Promise<void> {
  const url = new URL(job.url);
  let sent = 0;
  if (job.rate > 0) {
    const intervalMs = (10 / job.rate) * 1000;
    const start = performance.now();
    const inFlight: Promise<number>[] = [];
    for (let i = 0; sent < job.events; i++) {
      const due = start + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(put(url, batch(job.rules)));
      sent += 10;
    }
    await Promise.all(inFlight);
  } else {
    const worker = async () => {
      while (sent < job.events) {
        sent += 10;
        await put(url, batch(job.rules));
      }
    };
    await Promise.all(Array.from({ length: job.concurrency }, worker));
  }
  process.send!({ done: sent });
}

process.once('message', (job: Job) => {
  run(job).then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(String(error) + '\n');
      process.exit(1);
    },
  );
});
