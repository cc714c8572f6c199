import { type Context } from 'aws-lambda';
import { fakeContext } from './context';
import { type LocalOutbox } from './outbox';

/** A Lambda entry point, as `defineHandler` makes it. */
type LambdaEntry<TResult> = (event: unknown, context: Context) => Promise<TResult>;

/** The files of a listing, without the folders that hold them (`list` names both). */
const filesOf = (entries: readonly string[]): string[] =>
  entries.filter((entry) => !entries.some((other) => other.startsWith(`${entry}/`)));

/**
 * Delivers `event` to `handler` twice, as EventBridge may (delivery is at least once), and expects one record in
 * the store `store` of the outbox: the first delivery writes it (the handler returns what `putJsonIfAbsent`
 * answers, `{ created: true, key }`), the second writes nothing (`{ created: false }`, the same key). Returns the
 * key and the stored JSON, for the test to check what was kept.
 *
 * @example
 * const outbox = useLocalOutbox();
 * it.each(loadSampleEvents(OrderCreated).valid)('reserves $file once', async ({ event }) => {
 *   const { key, stored } = await expectStoredOnce(handler, event, outbox, 'stock');
 *   expect(stored).toEqual(planReservation(event.detail));
 * });
 */
export async function expectStoredOnce(
  handler: LambdaEntry<{ readonly created: boolean; readonly key: string }>,
  event: object,
  outbox: LocalOutbox,
  store: string,
): Promise<{ key: string; stored: unknown }> {
  const first = await handler(event, fakeContext());
  expect(first).toMatchObject({ created: true });
  expect(filesOf(outbox.list(store))).toEqual([first.key]);
  await expect(handler(event, fakeContext())).resolves.toMatchObject({ created: false, key: first.key });
  expect(filesOf(outbox.list(store))).toEqual([first.key]);
  return { key: first.key, stored: outbox.readJson(store, first.key) };
}

/**
 * Delivers `event` to `handler` twice, as EventBridge may, and expects one email in the outbox: the first delivery
 * sends it (the handler returns `{ sent: true }`), the second sends nothing (`{ sent: false }`). Returns the email
 * as the outbox keeps it (`to`, `subject`, `text`, `idempotencyKey`), for the test to check what was sent.
 *
 * @example
 * it.each(loadSampleEvents(UserSignedUp).valid)('welcomes $file once', async ({ event }) => {
 *   expect(await expectEmailedOnce(handler, event, outbox)).toEqual(composeWelcomeEmail(event.detail, event.id));
 * });
 */
export async function expectEmailedOnce(
  handler: LambdaEntry<{ readonly sent: boolean }>,
  event: object,
  outbox: LocalOutbox,
): Promise<unknown> {
  await expect(handler(event, fakeContext())).resolves.toMatchObject({ sent: true });
  const sent = outbox.list('email');
  expect(sent).toHaveLength(1);
  await expect(handler(event, fakeContext())).resolves.toMatchObject({ sent: false });
  expect(outbox.list('email')).toEqual(sent);
  return outbox.readJson('email', sent[0]!);
}
