import {
  IdempotencyAlreadyInProgressError,
  IdempotencyRecordStatus,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { type BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { type Context } from 'aws-lambda';
import { StillInProgressError } from '../errors';
import { idempotencyConfig, type RecordSettings } from './store';

/** The part of the Lambda context idempotency reads: how long the invocation has left. */
export type TimeLeft = Pick<Context, 'getRemainingTimeInMillis'>;

/** What an idempotent call gives back: the value, and whether this call ran the operation or found it done. */
export interface IdempotentOutcome<T> {
  readonly value: T;
  /** False when an earlier call had completed it: `value` is that call's result, as it was stored (as JSON). */
  readonly ran: boolean;
}

/** Time kept for the invocation's own work after it stops waiting for another one. */
const WAIT_MARGIN_MS = 1_000;
const FIRST_WAIT_MS = 50;
const LONGEST_WAIT_MS = 1_000;

/**
 * Runs `operation` through Powertools' `makeIdempotent` with `data` as what is keyed: the first call with a key runs
 * it (an INPROGRESS record, expiring with the invocation's time left, then COMPLETED with the result as JSON); a later
 * one returns that result without running it; a call after it threw runs it again (Powertools deleted the record).
 * A call that finds the key in progress elsewhere waits for it (see {@link waitWhileInProgress}).
 *
 * When the operation throws, its own error is thrown, even if Powertools then failed to delete the record (the
 * record stays INPROGRESS until its in-progress expiry, then may be taken over).
 */
export async function runIdempotent<T>(
  layer: BasePersistenceLayer,
  settings: RecordSettings,
  data: Record<string, unknown>,
  operation: () => Promise<T>,
  timeLeft: TimeLeft,
  what: string,
): Promise<IdempotentOutcome<T>> {
  let ran = false;
  let value: T | undefined;
  let thrown: { error: unknown } | undefined;
  const idempotent = makeIdempotent(
    async (_data: Record<string, unknown>) => {
      try {
        value = await operation();
      } catch (error) {
        thrown = { error };
        throw error;
      }
      ran = true;
      // Stored as JSON, so that what a repeat returns is what DynamoDB can hold and gives back.
      return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
    },
    // A configuration per call, carrying this invocation's time left: the layer itself was configured once.
    { persistenceStore: layer, config: idempotencyConfig(settings, timeLeft), keyPrefix: settings.prefix },
  );
  try {
    const stored = await waitWhileInProgress(() => idempotent(data), timeLeft, what);
    return ran ? { value: value as T, ran } : { value: stored as T, ran };
  } catch (error) {
    if (thrown) throw thrown.error;
    throw error;
  }
}

/** What {@link claim} found: the key is now this caller's to run, or it was done and this is its result. */
export type Claim = { readonly claimed: true } | { readonly claimed: false; readonly result: unknown };

/**
 * Takes the key of `data` for this caller (an INPROGRESS record), or returns the result stored by the call that
 * completed it; throws `IdempotencyAlreadyInProgressError` while another call holds it. The first half of what
 * `makeIdempotent` does, for callers that complete many keys with one request (`publish`): they then call
 * `layer.saveSuccess(data, result)` or `layer.deleteRecord(data)` for each key they claimed.
 */
export async function claim(
  layer: BasePersistenceLayer,
  data: Record<string, unknown>,
  timeLeft: TimeLeft,
): Promise<Claim> {
  // An existing record that expires between the put and the read is tried again, as Powertools does.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await layer.saveInProgress(data as never, timeLeft.getRemainingTimeInMillis());
      return { claimed: true };
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'IdempotencyItemAlreadyExistsError' || attempt === 3) throw error;
      const existing = (error as { existingRecord?: Awaited<ReturnType<BasePersistenceLayer['getRecord']>> })
        .existingRecord;
      let record;
      try {
        record = existing
          ? layer.processExistingRecord(existing, data as never)
          : await layer.getRecord(data as never);
      } catch (readError) {
        if ((readError as Error).name === 'IdempotencyItemNotFoundError') continue;
        throw readError;
      }
      const status = record.getStatus();
      if (status === IdempotencyRecordStatus.COMPLETED)
        return { claimed: false, result: record.getResponse() };
      if (status === IdempotencyRecordStatus.INPROGRESS) {
        throw new IdempotencyAlreadyInProgressError(
          `There is already an execution in progress with idempotency key: ${record.idempotencyKey}`,
          record,
        );
      }
    }
  }
}

/**
 * Calls `call` until it does not find its key in progress elsewhere: a concurrent duplicate (two deliveries of one
 * event at once) waits for the other invocation and then returns its result, or runs if that one failed, instead of
 * failing. Waits with doubling pauses while the invocation has time; then throws {@link StillInProgressError}, so
 * Lambda retries it later.
 */
export async function waitWhileInProgress<T>(
  call: () => Promise<T>,
  timeLeft: TimeLeft,
  what: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  const startedAt = Date.now();
  for (let pause = FIRST_WAIT_MS; ; pause = Math.min(pause * 2, LONGEST_WAIT_MS)) {
    try {
      return await call();
    } catch (error) {
      if ((error as Error).name !== 'IdempotencyAlreadyInProgressError') throw error;
      if (timeLeft.getRemainingTimeInMillis() - WAIT_MARGIN_MS < pause) {
        throw new StillInProgressError(what, Date.now() - startedAt, { cause: error });
      }
      await sleep(pause);
    }
  }
}
