import { type Context } from 'aws-lambda';
import { fakeContext } from './context';
import { type LocalOutbox } from './outbox';

/** A Lambda entry point, as `defineHandler` makes it. */
type LambdaEntry = (event: unknown, context: Context) => Promise<unknown>;

/** The files of a folder of the outbox, without the folders that hold them (`list` names both). */
function filesOf(outbox: LocalOutbox, name: string): string[] {
  const entries = outbox.list(name);
  return entries.filter((entry) => !entries.some((other) => other.startsWith(`${entry}/`)));
}

/**
 * Delivers `event` to `handler` twice, as EventBridge may (delivery is at least once), and expects exactly one
 * object in the outbox folder `name` after each delivery, the same one: the second delivery added nothing and
 * changed nothing. Returns its key and its JSON, for the test to check what was kept.
 */
async function expectOneAfterTwoDeliveries(
  handler: LambdaEntry,
  event: object,
  outbox: LocalOutbox,
  name: string,
): Promise<{ key: string; stored: unknown }> {
  await handler(event, fakeContext());
  const written = filesOf(outbox, name);
  expect(written).toHaveLength(1);
  const [key] = written as [string];
  const stored = outbox.readJson(name, key);
  await handler(event, fakeContext());
  expect(filesOf(outbox, name)).toEqual([key]);
  expect(outbox.readJson(name, key)).toEqual(stored);
  return { key, stored };
}

/**
 * Delivers `event` to `handler` twice, as EventBridge may (delivery is at least once), and expects one record in
 * the store `store`: written by the first delivery, left as it was by the second, which adds none. Returns the
 * record's key and its JSON, for the test to check what was kept and where.
 *
 * @example
 * const outbox = useLocalOutbox();
 * it.each(loadSampleEvents(OrderCreated).valid)('reserves $file once', async ({ event }) => {
 *   const { key, stored } = await expectStoredOnce(handler, event, outbox, 'stock');
 *   expect(stored).toEqual(planReservation(event.detail));
 * });
 */
export function expectStoredOnce(
  handler: LambdaEntry,
  event: object,
  outbox: LocalOutbox,
  store: string,
): Promise<{ key: string; stored: unknown }> {
  return expectOneAfterTwoDeliveries(handler, event, outbox, store);
}

/**
 * Delivers `event` to `handler` twice, as EventBridge may, and expects one email in the outbox: sent by the first
 * delivery, not again by the second. Returns the email as the outbox keeps it (`to`, `subject`, `text`,
 * `idempotencyKey`), for the test to check what was sent.
 *
 * @example
 * it.each(loadSampleEvents(UserSignedUp).valid)('welcomes $file once', async ({ event }) => {
 *   expect(await expectEmailedOnce(handler, event, outbox)).toEqual(composeWelcomeEmail(event.detail, event.id));
 * });
 */
export async function expectEmailedOnce(
  handler: LambdaEntry,
  event: object,
  outbox: LocalOutbox,
): Promise<unknown> {
  return (await expectOneAfterTwoDeliveries(handler, event, outbox, 'email')).stored;
}
