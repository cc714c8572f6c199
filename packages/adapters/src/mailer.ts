import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Environment, isLocal, outboxDir, requireSetting } from './environment';
import { writeIfAbsent } from './local-files';
import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';
import { traceAwsClient } from '@paved/runtime';

/**
 * One email. `idempotencyKey` names it: derive it from the event id, or from a business id when one email per entity
 * is wanted. `mailerOf` sends each key once (an idempotency record of its own); the mailers below do not deduplicate,
 * as SES does not. The key goes with the email as the `idempotency-key` tag, so a duplicate can be found.
 */
export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly idempotencyKey: string;
}

export interface MailResult {
  /** False when this idempotency key was sent before and nothing was sent now (`mailerOf`; a mailer always sends). */
  readonly sent: boolean;
}

/** Sends email. */
export interface Mailer {
  send(email: Email): Promise<MailResult>;
}

/** Sends through Amazon SES (v2) from a verified address. */
export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  constructor(private readonly props: { readonly from: string; readonly client?: SESv2Client }) {
    // The default client is traced: its calls are child spans of the delivery's (a given client is the caller's).
    this.client = props.client ?? traceAwsClient(new SESv2Client({}));
  }

  async send(email: Email): Promise<MailResult> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.props.from,
        Destination: { ToAddresses: [email.to] },
        Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text } } } },
        EmailTags: [
          {
            Name: 'idempotency-key',
            Value: email.idempotencyKey.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256),
          },
        ],
      }),
    );
    return { sent: true };
  }
}

/**
 * Writes each email as a JSON file in `<outbox>/email/`: what runs offline. Like SES, it sends every email it is
 * given: the first with a key as `<key>.json`, another with the same key as `<key>.2.json`, `<key>.3.json`, ..., so a
 * duplicate shows locally as it would arrive on AWS (deduplication is `mailerOf`'s, the same on both).
 */
export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(email: Email): Promise<MailResult> {
    const body = `${JSON.stringify(email, null, 2)}\n`;
    // Exclusive creates: two sends at once take two numbers, never one file.
    for (let copy = 1; ; copy += 1) {
      const name = copy === 1 ? `${email.idempotencyKey}.json` : `${email.idempotencyKey}.${copy}.json`;
      if (await writeIfAbsent(this.dir, name, body)) return { sent: true };
    }
  }
}

/**
 * The mailer for where the handler runs: the outbox on the local bus, SES on AWS (from `MAIL_FROM`).
 *
 * @example
 * const mailer = mailerFromEnvironment();
 * await mailer.send({ to, subject: 'Welcome', text, idempotencyKey: plan.idempotencyKey });
 */
export function mailerFromEnvironment(env: Environment = process.env): Mailer {
  if (isLocal(env)) return new OutboxMailer(join(outboxDir(env), 'email'));
  return new SesMailer({
    from: requireSetting(env, HANDLER_ENV.mailFrom, 'the verified SES address mail is sent from'),
  });
}
