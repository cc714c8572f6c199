import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { AdapterConfigurationError, mailerFromEnvironment, OutboxMailer, SesMailer } from '../src';

const email = {
  to: 'ada@example.com',
  subject: 'Welcome',
  text: 'Hello Ada',
  idempotencyKey: 'identity-send-welcome-email:evt-1',
};

describe('OutboxMailer', () => {
  it('writes every email it is given, as SES sends it: a repeated key as a numbered copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const mailer = new OutboxMailer(dir);
    await expect(mailer.send(email)).resolves.toEqual({ sent: true });
    await expect(mailer.send({ ...email, text: 'again' })).resolves.toEqual({ sent: true });
    expect(readdirSync(dir).sort()).toEqual([
      'identity-send-welcome-email_evt-1.2.json',
      'identity-send-welcome-email_evt-1.json',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'identity-send-welcome-email_evt-1.json'), 'utf8'))).toEqual(
      email,
    );
    expect(
      JSON.parse(readFileSync(join(dir, 'identity-send-welcome-email_evt-1.2.json'), 'utf8')),
    ).toMatchObject({ text: 'again' });
  });

  it('never writes two concurrent sends of one key into one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const mailer = new OutboxMailer(dir);
    await Promise.all([1, 2, 3].map((n) => mailer.send({ ...email, text: `copy ${n}` })));
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('keeps a key with path separators inside the outbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    await new OutboxMailer(dir).send({ ...email, idempotencyKey: '../../escape' });
    expect(readdirSync(dir)).toEqual(['escape.json']);
  });
});

describe('SesMailer', () => {
  it('sends a simple email from the configured address', async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await expect(
      new SesMailer({ from: 'noreply@example.com', client: new SESv2Client({}) }).send(email),
    ).resolves.toEqual({
      sent: true,
    });
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toMatchObject({
      FromEmailAddress: 'noreply@example.com',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: { Simple: { Subject: { Data: 'Welcome' }, Body: { Text: { Data: 'Hello Ada' } } } },
    });
    ses.restore();
  });
});

describe('mailerFromEnvironment', () => {
  it('uses the outbox on the local bus', () => {
    expect(mailerFromEnvironment({ PAVED_LOCAL: '1', PAVED_OUTBOX_DIR: '/tmp/x' })).toBeInstanceOf(
      OutboxMailer,
    );
  });

  it('uses SES on AWS, and names the missing sender address', () => {
    expect(mailerFromEnvironment({ MAIL_FROM: 'noreply@example.com' })).toBeInstanceOf(SesMailer);
    expect(() => mailerFromEnvironment({})).toThrow(AdapterConfigurationError);
    expect(() => mailerFromEnvironment({})).toThrow(/MAIL_FROM/);
  });
});
