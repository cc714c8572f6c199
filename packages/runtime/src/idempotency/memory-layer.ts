import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { alreadyExists, fromStored, isReplaceable, type StoredRecord, toStored } from './records';

/**
 * Idempotency records in a `Map`: for one process that keeps nothing across restarts, such as a test, or a handler
 * run with `PAVED_LOCAL=1` and no records folder. Every check and write is one synchronous step on the map, so
 * concurrent invocations in the process (interleaving only at `await`s) see one outcome per key. Layers given the same
 * map share their records.
 *
 * @example
 * const handler = defineHandler(subscription, fn, { idempotencyStore: memoryIdempotencyStore() });
 */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  constructor(private readonly records: Map<string, StoredRecord> = new Map()) {
    super();
  }

  /**
   * The key a record of `data` is kept under, as every persistence layer configured like this one computes it
   * (prefix, expression and hash are Powertools'): how the runtime names a delivery, and finds a missing key.
   */
  keyOf(data: Record<string, unknown>): string {
    return this.getHashedIdempotencyKey(data as Parameters<BasePersistenceLayer['getRecord']>[0]);
  }

  protected override async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const stored = this.records.get(idempotencyKey);
    if (!stored) throw new IdempotencyItemNotFoundError(`No record for idempotency key ${idempotencyKey}`);
    return fromStored(stored);
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing && !isReplaceable(existing, Date.now())) {
      throw new IdempotencyItemAlreadyExistsError(alreadyExists(record.idempotencyKey), fromStored(existing));
    }
    this.records.set(record.idempotencyKey, toStored(record));
  }

  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, toStored(record));
  }

  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}
