import { type BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { type Idempotency } from '@paved/events';
import { type Context } from 'aws-lambda';
import { IdempotencyConfigError, IdempotencyKeyMissingError } from '../errors';
import { MemoryPersistenceLayer } from './memory-layer';
import { idempotencyConfig, type RecordSettings } from './store';

/** How one handler keys, compares and keeps the records of the deliveries it handles. */
export interface HandlerRecords {
  readonly settings: RecordSettings;
  /**
   * The key of the delivery's record without a rerun marker: what its effects (published events) are scoped by, so
   * that a redrive finds what the failed attempt did.
   * @throws {@link IdempotencyKeyMissingError} when the declared key finds nothing in the event.
   */
  deliveryKey(event: object): string;
  /**
   * After a rerun (a redrive, a forced replay) succeeded, records `outcome` as the event's ordinary handling too: a late
   * duplicate or an unforced replay then returns it instead of running again. Only when no ordinary record is there
   * (a completed one, or one in progress, is left as it is).
   */
  recordAsHandled(
    layer: BasePersistenceLayer,
    event: object,
    outcome: unknown,
    context: Context,
  ): Promise<void>;
}

/**
 * The records of handler `owner` (its subscription id, which starts every key). What is keyed is `{ event, rerun }`:
 * the declared key evaluated on the validated event (`event | (<key>)`), paired with the delivery's rerun marker
 * (null for an ordinary delivery), so a redrive gets a record of its own; payload validation compares
 * `event | (<payloadValidation>)`. The expressions are compiled here, when the handler module loads, so a bad one fails
 * the first test rather than every invocation.
 *
 * @throws {@link IdempotencyConfigError} for an expression Powertools' JMESPath cannot parse.
 */
export function handlerRecords(owner: string, idempotency: Idempotency): HandlerRecords {
  const settings: RecordSettings = {
    prefix: owner,
    keyPath: `[event | (${idempotency.key}), rerun]`,
    payloadPath:
      idempotency.payloadValidation === false ? undefined : `event | (${idempotency.payloadValidation})`,
    expiresAfterSeconds: idempotency.expiresAfterSeconds,
  };
  // Layers that store nothing: they compute keys as every layer configured like them does.
  const compiled = (expression: string, keyPath: string): MemoryPersistenceLayer => {
    const layer = new MemoryPersistenceLayer();
    layer.configure({ config: idempotencyConfig({ ...settings, keyPath }), keyPrefix: owner });
    try {
      layer.keyOf({ event: {}, rerun: null });
    } catch (error) {
      if ((error as Error).name !== 'IdempotencyKeyError') {
        throw new IdempotencyConfigError(
          `Handler ${owner} declares idempotency ${JSON.stringify(expression)}, which is not a JMESPath expression ` +
            `Powertools can evaluate: ${(error as Error).message}. Fix the subscription's idempotency.`,
          { cause: error },
        );
      }
    }
    return layer;
  };
  if (settings.payloadPath) compiled(String(idempotency.payloadValidation), settings.payloadPath);
  const probe = compiled(idempotency.key, settings.keyPath);

  return {
    settings,
    deliveryKey(event) {
      try {
        return probe.keyOf({ event, rerun: null });
      } catch (error) {
        const id = String((event as { id?: unknown }).id);
        throw new IdempotencyKeyMissingError(owner, id, idempotency.key, { cause: error });
      }
    },
    async recordAsHandled(layer, event, outcome, context) {
      const data = { event, rerun: null } as never;
      try {
        await layer.saveInProgress(data, context.getRemainingTimeInMillis());
      } catch (error) {
        if ((error as Error).name === 'IdempotencyItemAlreadyExistsError') return;
        throw error;
      }
      const stored = outcome === undefined ? undefined : (JSON.parse(JSON.stringify(outcome)) as unknown);
      await layer.saveSuccess(data, stored as never);
    },
  };
}
