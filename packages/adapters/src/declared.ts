import { type Subscription } from '@paved/events';
import { AdapterConfigurationError } from './errors';
import { type Environment, isLocal, requireSetting } from './environment';
import { mailerFromEnvironment, type Mailer } from './mailer';
import {
  LocalObjectStore,
  objectStoreFromEnvironment,
  S3ObjectStore,
  type ObjectStore,
} from './object-store';
import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';
import { runOnce } from '@paved/runtime';

/** A handler's stores, by the names its subscription declares. */
export type StoresOf<S extends string> = { readonly [K in S]: ObjectStore };

/**
 * The stores a subscription declares (`stores: ['stock']`), each reached by its name: `storesOf(subscription).stock`.
 * Each is made on first use (an S3 client only when the handler first writes, so a cold start that fails
 * validation builds none), from where the handler runs: the bucket the platform names in `<NAME>_BUCKET` on AWS,
 * `<outbox>/<name>/` on the local bus. A name the subscription does not declare is a type error, and a
 * runtime error naming the declared ones.
 *
 * @example
 * const stores = storesOf(subscription);
 * export const handler = defineHandler(subscription, async (order) => {
 *   const { created } = await stores.stock.putJsonIfAbsent(`reservations/${order.orderId}.json`, order.lines);
 * });
 */
export function storesOf<S extends string>(
  subscription: Pick<Subscription<never, S>, 'id' | 'stores'>,
  env: Environment = process.env,
): StoresOf<S> {
  const made = new Map<string, ObjectStore>();
  const declared = new Set<string>(subscription.stores);
  return new Proxy({} as StoresOf<S>, {
    get(_target, name) {
      if (typeof name !== 'string' || !declared.has(name)) {
        throw new AdapterConfigurationError(
          `Handler ${subscription.id} has no store ${JSON.stringify(String(name))}: its subscription declares ` +
            `${subscription.stores.length > 0 ? subscription.stores.join(', ') : 'none'}. Add it to the subscription's stores.`,
        );
      }
      let store = made.get(name);
      if (!store) made.set(name, (store = objectStoreFromEnvironment(name, env)));
      return store;
    },
    has: (_target, name) => typeof name === 'string' && declared.has(name),
    ownKeys: () => [...declared],
    getOwnPropertyDescriptor: (_target, name) =>
      typeof name === 'string' && declared.has(name) ? { enumerable: true, configurable: true } : undefined,
  });
}

/**
 * The mailer of a subscription that declares `sendsEmail: true`, made on first use: SES on AWS (from the address
 * the platform sets), the outbox's `email/` folder on the local bus. A subscription that does not declare email
 * is a type error here.
 *
 * Each email is sent once per `idempotencyKey`, on AWS as locally: `send` is an idempotent operation of its own
 * (`runOnce` of `@paved/runtime`, in the service's idempotency records, kept for the subscription's
 * `idempotency.expiresAfterSeconds`). A handler retried after it sent the email, because something later failed,
 * does not send it again: `send` resolves to `{ sent: false }`. SES itself has no idempotency, so this record is
 * what stands between a retry and a second email. Only a send that fails or times out while SES answers is sent
 * again on the retry, since whether it went out cannot be known.
 *
 * @example
 * const mailer = mailerOf(subscription);
 * export const handler = defineHandler(subscription, (signup) => mailer.send(welcome(signup)));
 */
export function mailerOf(
  subscription: Pick<Subscription<never, string, true>, 'id' | 'service' | 'sendsEmail' | 'idempotency'>,
  env: Environment = process.env,
): Mailer {
  if (subscription.sendsEmail !== true) {
    throw new AdapterConfigurationError(
      `Handler ${subscription.id} does not declare that it sends email: set sendsEmail: true in its subscription.`,
    );
  }
  let mailer: Mailer | undefined;
  return {
    send: async (email) => {
      const { value, repeated } = await runOnce(
        email.idempotencyKey,
        () => (mailer ??= mailerFromEnvironment(env)).send(email),
        {
          // One namespace per service: an idempotency key names one email whichever handler sends it.
          namespace: `${subscription.service}#mail`,
          expiresAfterSeconds: subscription.idempotency.expiresAfterSeconds,
          env,
        },
      );
      return repeated ? { sent: false } : value;
    },
  };
}

/** Reads objects of the buckets a subscription declares it reads (`reads: [uploads]`). */
export interface ObjectReader {
  /** The object's bytes, or undefined when there is none. Refuses a bucket the subscription does not declare. */
  get(bucketName: string, key: string): Promise<Uint8Array | undefined>;
}

/**
 * Reads objects of the buckets a subscription declares in `reads`, by the physical bucket name an S3 event carries
 * (`detail.bucket.name`): S3 on AWS, where the platform grants `s3:GetObject` on exactly those buckets; the local
 * bus's object store locally (`PAVED_S3_DIR`, where `paved s3 cp` puts uploads).
 *
 * @example
 * const objects = objectsIn(subscription);
 * export const handler = defineHandler(subscription, async ({ bucket, object }) => {
 *   const image = await objects.get(bucket.name, object.key);
 * });
 */
export function objectsIn(
  subscription: Pick<Subscription, 'id' | 'reads'>,
  env: Environment = process.env,
): ObjectReader {
  const stores = new Map<string, ObjectStore>();
  return {
    get: (bucketName, key) => {
      const declared = subscription.reads.some((bucket) =>
        bucket.nameMatchers.some((matcher) => bucketName.startsWith(matcher.prefix)),
      );
      if (!declared) {
        throw new AdapterConfigurationError(
          `Handler ${subscription.id} does not declare that it reads bucket ${JSON.stringify(bucketName)}: it declares ` +
            `${subscription.reads.map((bucket) => bucket.id).join(', ') || 'none'}. Add the bucket to the subscription's reads.`,
        );
      }
      let store = stores.get(bucketName);
      if (!store) stores.set(bucketName, (store = bucketStore(bucketName, env)));
      return store.get(key);
    },
  };
}

/** One bucket by its physical name: S3 on AWS, its folder of the local bus's object store locally. */
function bucketStore(bucketName: string, env: Environment): ObjectStore {
  if (!isLocal(env)) return new S3ObjectStore({ bucket: bucketName });
  const dir = requireSetting(env, HANDLER_ENV.localS3Dir, "the local bus's object store (the bus sets it)");
  return new LocalObjectStore(join(dir, bucketName));
}
