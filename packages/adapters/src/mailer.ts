import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type Environment, isLocal, outboxDir, requireSetting } from './environment';
import { writeIfAbsent } from './local-files';
import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';

/**
 * One email. `idempotencyKey` (from the event id) names it: the local outbox writes each key once, but SES has
 * no idempotency, so on AWS an event delivered again (a retry after the handler failed later on) can send the
 * mail again. The key goes with it as the `idempotency-key` tag, so duplicates can be found.
 */
export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly idempotencyKey: string;
}

export interface MailResult {
  /** False when this idempotency key was sent before and nothing was sent now (the outbox; SES always sends). */
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
    this.client = props.client ?? new SESv2Client({});
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

/** Writes each email as a JSON file in `<outbox>/email/`, once per idempotency key: what runs offline. */
export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(email: Email): Promise<MailResult> {
    const sent = await writeIfAbsent(
      this.dir,
      `${email.idempotencyKey}.json`,
      `${JSON.stringify(email, null, 2)}\n`,
    );
    return { sent };
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
