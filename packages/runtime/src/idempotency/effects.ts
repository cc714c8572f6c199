import { DEFAULT_IDEMPOTENCY } from '@paved/events';
import { getEventContext } from '../correlation';
import { withEffectFaults } from '../faults';
import { runIdempotent, type TimeLeft } from './run';
import { type IdempotencyStore, idempotencyStoreFromEnvironment } from './store';

/**
 * What a handler's invocation gives the effects it makes (emails, published events) to keep their own records:
 * set by `defineHandler` in the event context, read by `publish` and {@link runOnce}.
 */
export interface EffectScope {
  /** Where the handler keeps its records. */
  readonly store: IdempotencyStore;
  /** The handler's id, such as `orders-charge-payment`: the prefix of its records' keys. */
  readonly owner: string;
  /** The key of the delivery being handled (its record's key, the same on a redrive): effects are scoped by it. */
  readonly delivery: string;
  readonly expiresAfterSeconds: number;
  readonly timeLeft: TimeLeft;
  /** Logs what an effect could not record (the effect itself happened), on the handler's logger. */
  readonly warn: (message: string, extra: Record<string, unknown>) => void;
}

/** What {@link runOnce} takes besides the key and the operation. */
export interface RunOnceOptions {
  /**
   * Who keeps the record, the start of its key: such as `orders#mail` for the emails of the orders service. Keys are
   * unique within a namespace only.
   */
  readonly namespace: string;
  /**
   * How long the record is kept, in seconds.
   * @default inside a handler, its subscription's `idempotency.expiresAfterSeconds`; else 14 days
   */
  readonly expiresAfterSeconds?: number;
  /**
   * The environment that names the records outside a handler (`idempotencyStoreFromEnvironment`). Inside one, the
   * handler's records are used.
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** What {@link runOnce} resolves to. */
export interface RunOnceResult<T> {
  /** What the operation returned: now, or (as JSON) the first time. */
  readonly value: T;
  /** True when the operation was not run because a call with the same key had completed it. */
  readonly repeated: boolean;
}

/** How long an operation outside a handler may take before another call may take its key over. */
const OUTSIDE_HANDLER_TIME_MS = 60_000;

/**
 * Runs `operation` once per `key` in `namespace`, for an effect that must not happen twice and that nothing else makes
 * idempotent, such as sending an email: a call whose key completed before returns the stored result without running
 * it (`repeated: true`); a call while another holds the key waits for it; a call after the operation threw runs it
 * again. The record is kept with the handler's other idempotency records (DynamoDB on AWS, files on the local bus)
 * for the subscription's `idempotency.expiresAfterSeconds`. Inside a handler it takes the invocation's time left;
 * outside one, the records of the environment.
 *
 * A retried handler that fails after the operation completed does not repeat it. One that fails *during* it (a
 * timeout while SES answers) may: the record is then in progress until the invocation's time is up, and the retry
 * runs it again, since whether it happened cannot be known.
 *
 * @example
 * const { repeated } = await runOnce(`receipt:${order.orderId}`, () => payments.sendReceipt(order), {
 *   namespace: 'orders#receipts',
 * });
 */
export async function runOnce<T>(
  key: string,
  operation: () => Promise<T>,
  options: RunOnceOptions,
): Promise<RunOnceResult<T>> {
  const scope = getEventContext()?.effects;
  const store = scope?.store ?? idempotencyStoreFromEnvironment(options.env);
  const settings = {
    prefix: options.namespace,
    keyPath: 'key',
    expiresAfterSeconds:
      options.expiresAfterSeconds ?? scope?.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY.expiresAfterSeconds,
  };
  const deadline = Date.now() + OUTSIDE_HANDLER_TIME_MS;
  const timeLeft = scope?.timeLeft ?? { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
  // Between the effect's local fault points (PAVED_FAULTS, faults.ts): nothing happens there unless it is set locally.
  return withEffectFaults(async () => {
    const layer = await store.layer(settings);
    const { value, ran } = await runIdempotent(
      layer,
      settings,
      { key },
      operation,
      timeLeft,
      `${options.namespace} ${JSON.stringify(key)}`,
    );
    return { value, repeated: !ran };
  });
}
