import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { defineEvent, defineSubscription, HANDLER_ENV } from '@paved/events';
import { defineHandler, memoryIdempotencyStore } from '@paved/runtime';
import { type Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { mailerOf, type MailResult } from '../src';

const SignedUp = defineEvent({
  source: 'myapp.users',
  detailType: 'SignedUp',
  detail: z.object({ email: z.string() }),
  description: 'A user signed up.',
  examples: [{ email: 'ada@example.com' }],
});

const subscription = defineSubscription({
  name: 'send-welcome',
  service: 'identity',
  contract: SignedUp,
  entry: __filename,
  description: 'Welcomes a user.',
  sendsEmail: true,
});

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'SignedUp',
  source: 'myapp.users',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { email: 'ada@example.com' },
};

const context = {
  awsRequestId: 'r-1',
  functionName: 'identity-send-welcome',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:identity-send-welcome',
  getRemainingTimeInMillis: () => 10_000,
} as Context;

/** A handler that sends the welcome email, then fails on its first `failures` invocations (a later step broke). */
function welcomeHandler(failures: number, options: Parameters<typeof defineHandler>[2] = {}) {
  const mailer = mailerOf(subscription);
  const results: MailResult[] = [];
  let calls = 0;
  const handler = defineHandler(
    subscription,
    async (user, { event: handled }) => {
      results.push(
        await mailer.send({
          to: user.email,
          subject: 'Welcome',
          text: 'Hello',
          idempotencyKey: `identity-send-welcome:${handled.id}`,
        }),
      );
      calls += 1;
      if (calls <= failures) throw new Error('the profile service timed out');
      return { welcomed: user.email };
    },
    options,
  );
  return { handler, results };
}

const saved = { ...process.env };
let dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  process.env = { ...saved };
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe('mailerOf: each email once per idempotency key', () => {
  it('locally: a handler retried after it sent the email leaves one email in the outbox', async () => {
    const outbox = tempDir('outbox-');
    Object.assign(process.env, {
      [HANDLER_ENV.local]: '1',
      [HANDLER_ENV.outboxDir]: outbox,
      [HANDLER_ENV.localIdempotencyDir]: tempDir('idempotency-'),
    });
    const { handler, results } = welcomeHandler(1);

    await expect(handler(event, context)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
    await expect(handler(event, context)).resolves.toEqual({ welcomed: 'ada@example.com' });

    expect(results).toEqual([{ sent: true }, { sent: false }]);
    expect(readdirSync(join(outbox, 'email'))).toEqual(['identity-send-welcome_e-1.json']);
  });

  it('on AWS: SES is asked to send it once, though SES itself would send it twice', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    delete process.env[HANDLER_ENV.local];
    process.env[HANDLER_ENV.mailFrom] = 'noreply@example.com';
    try {
      // The store stands in for the service's DynamoDB table (the runtime's tests drive that layer itself).
      const { handler, results } = welcomeHandler(2, { idempotencyStore: memoryIdempotencyStore() });

      await expect(handler(event, context)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
      await expect(handler(event, context)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
      await expect(handler(event, context)).resolves.toEqual({ welcomed: 'ada@example.com' });

      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
      expect(results).toEqual([{ sent: true }, { sent: false }, { sent: false }]);
    } finally {
      ses.restore();
    }
  });

  it('sends again on the retry an email whose send failed', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejectsOnce(new Error('SES throttled')).resolves({ MessageId: 'm-2' });
    delete process.env[HANDLER_ENV.local];
    process.env[HANDLER_ENV.mailFrom] = 'noreply@example.com';
    try {
      const { handler, results } = welcomeHandler(0, { idempotencyStore: memoryIdempotencyStore() });

      await expect(handler(event, context)).rejects.toMatchObject({ code: 'HANDLER_FAILED' });
      await expect(handler(event, context)).resolves.toEqual({ welcomed: 'ada@example.com' });

      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
      expect(results).toEqual([{ sent: true }]);
    } finally {
      ses.restore();
    }
  });

  it('is one email per key for the whole service, whichever delivery sends it', async () => {
    const outbox = tempDir('outbox-');
    Object.assign(process.env, {
      [HANDLER_ENV.local]: '1',
      [HANDLER_ENV.outboxDir]: outbox,
      [HANDLER_ENV.localIdempotencyDir]: tempDir('idempotency-'),
    });
    const mailer = mailerOf(subscription);
    const receipt = {
      to: 'ada@example.com',
      subject: 'Receipt',
      text: 'Paid',
      idempotencyKey: 'receipt:o-1',
    };
    const handler = defineHandler(subscription, () => mailer.send(receipt));

    await expect(handler(event, context)).resolves.toEqual({ sent: true });
    await expect(handler({ ...event, id: 'e-2' }, context)).resolves.toEqual({ sent: false });
    expect(readdirSync(join(outbox, 'email'))).toEqual(['receipt_o-1.json']);
  });
});
