import { type AnyEventContract } from '@paved/events';
import { withEffectFaults } from '../faults';
import { type EffectScope } from '../idempotency/effects';
import { claim, waitWhileInProgress } from '../idempotency/run';
import { type SendOutcome } from './send';

/** One entry as its record knows it: the detail without `_meta`, and the envelope's resources. */
export interface LedgerEntry {
  readonly detail: unknown;
  readonly resources: readonly string[] | undefined;
}

/**
 * Publishes inside a handler once per delivery and entry. Each entry is its own idempotency record, keyed by the
 * delivery being handled (its idempotency key, the same on a retry and a redrive), the contract, the entry's detail
 * without `_meta` (which carries this invocation's request and span ids), its resources, and its position among
 * identical entries of the call. An entry completed before is not sent again: the event id EventBridge gave it
 * then is returned. The rest are claimed (in progress), sent together in as few PutEvents calls as the limits allow,
 * then each recorded with its event id, or released when it failed, so a retry sends exactly those.
 *
 * The same detail published twice for one delivery (by two calls) is therefore one event; two identical details in
 * one call are two. A detail that differs on the retry (a timestamp taken now) is a new event.
 */
export function sendOnce(
  scope: EffectScope,
  contract: AnyEventContract,
  entries: readonly LedgerEntry[],
  send: (positions: readonly number[]) => Promise<SendOutcome>,
): Promise<SendOutcome> {
  // One publish call is one effect between the local fault points (PAVED_FAULTS, faults.ts): before anything is
  // claimed, and after every entry is sent and recorded.
  return withEffectFaults(() => sendRecorded(scope, contract, entries, send));
}

async function sendRecorded(
  scope: EffectScope,
  contract: AnyEventContract,
  entries: readonly LedgerEntry[],
  send: (positions: readonly number[]) => Promise<SendOutcome>,
): Promise<SendOutcome> {
  const layer = await scope.store.layer({
    prefix: `${scope.owner}#publish`,
    keyPath: 'key',
    expiresAfterSeconds: scope.expiresAfterSeconds,
  });
  const seen = new Map<string, number>();
  const keyed = entries.map((entry) => {
    const material = stableJson([entry.detail, entry.resources ?? []]);
    const position = seen.get(material) ?? 0;
    seen.set(material, position + 1);
    return { key: [scope.delivery, contract.name, entry.detail, entry.resources ?? [], position] } as Record<
      string,
      unknown
    >;
  });
  const what = `Publishing ${contract.name}`;
  const claims = await Promise.all(
    keyed.map((data) => waitWhileInProgress(() => claim(layer, data, scope.timeLeft), scope.timeLeft, what)),
  );
  const eventIds = claims.map((found) => (found.claimed ? undefined : String(found.result)));
  const pending = claims.flatMap((found, position) => (found.claimed ? [position] : []));
  if (pending.length === 0) return { eventIds, failures: [], callError: undefined };

  const release = (position: number) =>
    layer.deleteRecord(keyed[position] as never).catch((error: unknown) =>
      scope.warn('Could not release the record of an event that was not published', {
        contract: contract.name,
        error,
      }),
    );
  let outcome: SendOutcome;
  try {
    outcome = await send(pending);
  } catch (error) {
    await Promise.all(pending.map(release));
    throw error;
  }
  await Promise.all(
    pending.map(async (position, sent) => {
      const eventId = outcome.eventIds[sent];
      if (eventId === undefined) return release(position);
      eventIds[position] = eventId;
      // The event is out: failing the handler now would make its retry publish it again, so a record that cannot
      // be written is logged, and the event may be published again only if the delivery is retried anyway.
      await layer.saveSuccess(keyed[position] as never, eventId).catch((error: unknown) =>
        scope.warn(
          'Published an event but could not record it: a retry of this delivery may publish it again',
          {
            contract: contract.name,
            eventId,
            error,
          },
        ),
      );
    }),
  );
  return {
    eventIds,
    failures: outcome.failures.map((failure) => ({ ...failure, index: pending[failure.index]! })),
    callError: outcome.callError,
  };
}

/** JSON with object keys sorted, so equal details give equal text whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
