import { IdempotencyRecordStatus } from '@aws-lambda-powertools/idempotency';
import { IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import type {
  IdempotencyRecordOptions,
  IdempotencyRecordStatusValue,
} from '@aws-lambda-powertools/idempotency/types';

/** An idempotency record as our persistence layers keep it: Powertools' record, as JSON. */
export interface StoredRecord {
  readonly idempotencyKey: string;
  readonly status: string;
  /** Seconds since the epoch, as Powertools (and DynamoDB's TTL) count it. */
  readonly expiryTimestamp?: number;
  /** Milliseconds since the epoch: when an INPROGRESS record may be taken over. */
  readonly inProgressExpiryTimestamp?: number;
  readonly responseData?: unknown;
  readonly payloadHash?: string;
}

export function toStored(record: IdempotencyRecord): StoredRecord {
  return {
    idempotencyKey: record.idempotencyKey,
    // The status as given, not getStatus(), which reads an expired record as EXPIRED.
    status: (record as unknown as { status: string }).status,
    expiryTimestamp: record.expiryTimestamp,
    inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
    // A copy, as DynamoDB would keep it: a later change to the handler's result object cannot reach the record.
    responseData:
      record.responseData === undefined ? undefined : JSON.parse(JSON.stringify(record.responseData)),
    payloadHash: record.payloadHash,
  };
}

export function fromStored(stored: StoredRecord): IdempotencyRecord {
  return new IdempotencyRecord({
    idempotencyKey: stored.idempotencyKey,
    status: stored.status as IdempotencyRecordStatusValue,
    expiryTimestamp: stored.expiryTimestamp,
    inProgressExpiryTimestamp: stored.inProgressExpiryTimestamp,
    responseData: stored.responseData as IdempotencyRecordOptions['responseData'],
    payloadHash: stored.payloadHash,
  });
}

/**
 * Whether a new INPROGRESS record may replace `stored`: the condition of Powertools' DynamoDB layer, so every layer
 * decides alike. Expired, or in progress past its in-progress expiry (the invocation that wrote it ran out of time).
 */
export function isReplaceable(stored: StoredRecord, nowMs: number): boolean {
  if (stored.expiryTimestamp !== undefined && stored.expiryTimestamp < nowMs / 1000) return true;
  return (
    stored.status === IdempotencyRecordStatus.INPROGRESS &&
    stored.inProgressExpiryTimestamp !== undefined &&
    stored.inProgressExpiryTimestamp < nowMs
  );
}

/** The message of `IdempotencyItemAlreadyExistsError`, as Powertools' DynamoDB layer words it. */
export function alreadyExists(idempotencyKey: string): string {
  return `Failed to put record for already existing idempotency key: ${idempotencyKey}`;
}
