import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HANDLER_ENV } from '@paved/events';
import { InvalidPlatformConfigError } from './errors';
import { type EventHandler } from './event-handler';

/** The context key (`cdk.json` or `-c mailFrom=...`) naming the address handlers send email from. */
export const MAIL_FROM_CONTEXT = 'mailFrom';

/**
 * Lets a handler send email through Amazon SES as the address in the `mailFrom` context (the SES identity
 * of its domain), and tells it the address in `MAIL_FROM`, as `mailerFromEnvironment()` in
 * `@paved/adapters` expects.
 *
 * {@link EventHandler} calls it for a subscription that declares `sendsEmail: true`.
 *
 * @example
 * grantSendEmail(handler);
 */
export function grantSendEmail(handler: EventHandler): string {
  const from = handler.node.tryGetContext(MAIL_FROM_CONTEXT) as unknown;
  if (typeof from !== 'string' || !/^[^@\s]+@([^@\s]+\.[^@\s]+)$/.test(from)) {
    throw new InvalidPlatformConfigError(
      `Invalid or missing context "${MAIL_FROM_CONTEXT}" (${JSON.stringify(from)}): set it to the verified SES address ` +
        `handlers send from, in cdk.json ("context": { "${MAIL_FROM_CONTEXT}": "noreply@example.com" }) or with -c ${MAIL_FROM_CONTEXT}=...`,
    );
  }
  const domain = from.split('@')[1]!;
  const stack = Stack.of(handler);
  handler.function.addEnvironment(HANDLER_ENV.mailFrom, from);
  handler.function.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: from }),
      ],
      conditions: { StringEquals: { 'ses:FromAddress': from } },
    }),
  );
  return from;
}
