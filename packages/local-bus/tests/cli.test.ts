import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../src/cli/main';
import { type CliIo } from '../src/cli/io';
import { fixtureSubscriptions } from './fixtures/subscriptions';
import { deliveries, startBusProcess, startTestBus, tempDir, waitFor, type TestBus } from './helpers';

const CHAIN_HANDLERS = join(__dirname, 'fixtures', 'chain-handlers.ts');

/** A CLI io that records what a command prints, and stops it when `stop()` is called (as Ctrl-C would). */
function testIo(): CliIo & { out: () => string; err: () => string; stop: () => void } {
  let out = '';
  let err = '';
  let stop!: () => void;
  const stopSignal = new Promise<string>((resolve) => (stop = () => resolve('SIGINT')));
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: {},
    cwd: process.cwd(),
    stopSignal,
    out: () => out,
    err: () => err,
    stop,
  };
}

describe('paved tail', () => {
  let t: TestBus;
  beforeAll(async () => {
    t = await startTestBus((out) => [fixtureSubscriptions(out).welcome!]);
  });
  afterAll(() => t.stop());

  it('prints each event and its delivery as they happen, until stopped', async () => {
    const io = testIo();
    const tail = runCli(['tail', '--endpoint-url', t.bus.url], io);
    await waitFor(
      () => io.out().startsWith(`Tailing ${t.bus.url} (Ctrl-C to stop)\n`),
      5000,
      'tail to connect',
    );
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'myapp.userservice',
            DetailType: 'user_signup',
            Detail: JSON.stringify({ email: 'a@example.com', name: 'A' }),
            EventBusName: 'paved',
          },
        ],
      }),
    );
    const id = result.Entries![0]!.EventId!;
    await waitFor(() => io.out().includes(' outcome '), 5000, 'the outcome line');
    io.stop();
    expect(await tail).toBe(0);

    const lines = io.out().trim().split('\n').slice(1);
    const parsed = lines.map((line) => /^(\d\d:\d\d:\d\d\.\d{3}) (\S+)\s+(\{.*\})$/.exec(line));
    expect(parsed.every(Boolean)).toBe(true);
    expect(parsed.map((m) => [m![2], JSON.parse(m![3]!)])).toEqual([
      [
        'accepted',
        expect.objectContaining({
          id,
          source: 'myapp.userservice',
          detailType: 'user_signup',
          rules: ['identity-send-welcome'],
        }),
      ],
      [
        'attempt',
        expect.objectContaining({ id, rule: 'identity-send-welcome', kind: 'invoke', n: 1, ok: true }),
      ],
      ['outcome', { id, rule: 'identity-send-welcome', status: 'succeeded' }],
    ]);
  });

  it('says in words that an event matched no rule, and where it would have', async () => {
    const io = testIo();
    const tail = runCli(['tail', '--endpoint-url', t.bus.url], io);
    await waitFor(() => io.out().startsWith('Tailing'), 5000, 'tail to connect');
    const result = await t.client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'myapp.nobody', DetailType: 'nothing', Detail: '{}', EventBusName: 'paved' }],
      }),
    );
    const id = result.Entries![0]!.EventId!;
    await waitFor(() => io.out().includes(' NO RULE '), 5000, 'the NO RULE line');
    io.stop();
    expect(await tail).toBe(0);
    expect(io.out()).toMatch(
      new RegExp(
        `\\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} NO RULE  ${id} matched no rule on paved, and no handler's rule`,
      ),
    );
  });

  it('says where it looked when no bus answers, and fails', async () => {
    const io = testIo();
    expect(await runCli(['tail', '--endpoint-url', 'http://127.0.0.1:1'], io)).toBe(1);
    expect(io.err()).toMatch(
      /^No bus answered at http:\/\/127\.0\.0\.1:1: .+\. Start one with "npm start"\.\n$/,
    );
  });
});

const AWS = '/usr/bin/aws';
const run = promisify(execFile);

describe('paved start', () => {
  it('says where side effects go, and prints a put-events command that works as printed', async () => {
    const dir = tempDir();
    const outFile = join(dir, 'deliveries.jsonl');
    const bus = await startBusProcess(join(dir, 'data'), outFile);
    try {
      expect(bus.banner).toContain(
        `  outbox    ${join(dir, 'data', 'outbox')}: handlers run with PAVED_LOCAL=1`,
      );
      const command = /^ {2}try {7}(.+)$/m.exec(bus.banner)![1]!;
      expect(command).toBe(
        `AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1 aws events put-events --endpoint-url ${bus.url} ` +
          `--entries '[{"Source":"myapp.userservice","DetailType":"user_signup","Detail":"{\\"email\\":\\"a@example.com\\",\\"name\\":\\"A\\"}","EventBusName":"paved"}]'`,
      );
      // Run it through a shell, as pasted, with no AWS settings of the test's own. Debian's awscli is installed by
      // `npm test` (and required in CI by the AWS CLI test); without it the command is checked as text only.
      if (existsSync(AWS)) {
        const { stdout } = await run('sh', ['-c', command.replace(' aws ', ` ${AWS} `)], {
          env: { PATH: process.env['PATH'], HOME: dir, AWS_PAGER: '' },
        });
        const id = (JSON.parse(stdout) as { Entries: { EventId: string }[] }).Entries[0]!.EventId;
        await waitFor(() => deliveries(outFile).some((d) => d.id === id), 5000, 'the delivery');
      }
    } finally {
      const stopped = new Promise((resolve) => bus.child.once('close', resolve));
      bus.child.kill('SIGTERM');
      await stopped;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('paved start with APIs and buckets', () => {
  it("prints the default bus's routes, each API route at its URL and each bucket, then what flows", async () => {
    const dir = tempDir();
    const bus = await startBusProcess(join(dir, 'data'), join(dir, 'deliveries.jsonl'), {
      handlers: CHAIN_HANDLERS,
      quiet: false,
    });
    try {
      const bucket = 'media-uploads-000000000000-us-east-1-an';
      expect(bus.banner).toContain(
        '  default   where AWS services and PutEvents without EventBusName put events; 2 routes forward to paved: paved-application-events, paved-aws-s3-object-created\n',
      );
      expect(bus.banner).toContain(`  apis      POST ${bus.url}/signups  `);
      expect(bus.banner).toMatch(new RegExp(`POST ${bus.url}/signups +\\(identity create-signup\\)\\n`));
      expect(bus.banner).toMatch(
        new RegExp(`\\n {12}ANY ${bus.url}/echo/\\{id\\}/\\{rest\\+\\} +\\(tools echo\\)\\n`),
      );
      expect(bus.banner).toContain(
        `  buckets   ${bucket}  (media uploads): npx paved s3 cp <file> s3://${bucket}/<key>\n`,
      );

      const response = await fetch(`${bus.url}/signups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@example.com', name: 'A' }),
      });
      const { eventId } = (await response.json()) as { eventId: string };
      await waitFor(() => bus.output().includes(' request POST /signups 202 '), 10_000, 'the request line');
      expect(bus.output()).toMatch(
        new RegExp(`request POST /signups 202 \\d+ ms \\(identity-create-signup\\) -> events ${eventId}\\n`),
      );
      expect(bus.output()).toContain(
        `event   ${eventId} myapp.userservice/user_signup on paved -> identity-send-welcome, mailer-announce\n`,
      );

      await fetch(`${bus.url}/_paved/s3/${bucket}/cat.png`, { method: 'PUT', body: 'not really a cat' });
      await waitFor(() => bus.output().includes('image_received'), 10_000, 'the published event');
      expect(bus.output()).toMatch(
        /aws\.s3\/Object Created on default \[upload \w+\] -> paved-aws-s3-object-created\n/,
      );
      expect(bus.output()).toMatch(
        /aws\.s3\/Object Created on paved \[forwarded from default \S+ by paved-aws-s3-object-created\] -> media-on-upload\n/,
      );
      expect(bus.output()).toMatch(
        /test\.media\/image_received on paved -> NO RULE: matched no rule on paved, and no/,
      );
    } finally {
      const stopped = new Promise((resolve) => bus.child.once('close', resolve));
      bus.child.kill('SIGTERM');
      await stopped;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
