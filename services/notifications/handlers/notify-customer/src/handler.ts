import { mailerOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { composeUnrecognizedLoginNotice } from './notify-customer';
import { subscription } from './subscription';

const mailer = mailerOf(subscription);

/** Emails the customer about an unrecognized sign-in, once per event. */
export const handler = defineHandler(subscription, async (notification, { event }) =>
  mailer.send(composeUnrecognizedLoginNotice(notification, event.id)),
);
