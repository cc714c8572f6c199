import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { storeBucketVariable } from '@paved/events';
import { traceAwsClient } from '@paved/runtime';
import { type Environment, isLocal, outboxDir, requireSetting } from './environment';
import { readIfPresent, writeIfAbsent } from './local-files';

/**
 * Stores objects by key. `putIfAbsent` writes once per key, so a redelivered event does not write twice.
 *
 * Stores keep their own deduplication rather than going through an idempotency record (as `mailerOf` and `publish`
 * do): the conditional write *is* the effect, and it is atomic, so "was it written?" and "write it" cannot disagree,
 * whereas a record beside it could (written, then the record not saved). It also holds across handlers and for as
 * long as the object exists, not for a record's expiry. A record is for effects that cannot be made conditional,
 * such as an email.
 */
export interface ObjectStore {
  /** Writes the object unless the key exists; `created` says which happened. */
  putIfAbsent(key: string, body: Uint8Array | string, contentType?: string): Promise<{ created: boolean }>;
  /** Writes `value` as JSON unless the key exists: the one call most handlers make, once per business key. */
  putJsonIfAbsent(key: string, value: unknown): Promise<{ created: boolean; key: string }>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** The JSON write both stores share: one conditional put, its key echoed back for the handler's log. */
async function putJson(store: ObjectStore, key: string, value: unknown) {
  const { created } = await store.putIfAbsent(key, JSON.stringify(value), 'application/json');
  return { created, key };
}

/** An S3 bucket. `putIfAbsent` is one conditional write (`If-None-Match: *`), not a check then a write. */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly props: { readonly bucket: string; readonly client?: S3Client }) {
    // The default client is traced: its calls are child spans of the delivery's (a given client is the caller's).
    this.client = props.client ?? traceAwsClient(new S3Client({}));
  }

  async putIfAbsent(
    key: string,
    body: Uint8Array | string,
    contentType?: string,
  ): Promise<{ created: boolean }> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.props.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: '*',
        }),
      );
      return { created: true };
    } catch (error) {
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412)
        return { created: false };
      throw error;
    }
  }

  putJsonIfAbsent(key: string, value: unknown): Promise<{ created: boolean; key: string }> {
    return putJson(this, key, value);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.props.bucket, Key: key }));
      return response.Body ? await response.Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

/** A folder on disk: what runs offline. */
export class LocalObjectStore implements ObjectStore {
  constructor(private readonly dir: string) {}

  async putIfAbsent(key: string, body: Uint8Array | string): Promise<{ created: boolean }> {
    return { created: await writeIfAbsent(this.dir, key, body) };
  }

  putJsonIfAbsent(key: string, value: unknown): Promise<{ created: boolean; key: string }> {
    return putJson(this, key, value);
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return readIfPresent(this.dir, key);
  }
}

/**
 * The store named `name` for where the handler runs: `<outbox>/<name>/` on the local bus, else the S3 bucket
 * in `<NAME>_BUCKET` (for `sales`, `SALES_BUCKET`).
 *
 * @example
 * const sales = objectStoreFromEnvironment('sales');
 * await sales.putIfAbsent(`orders/${orderId}.json`, JSON.stringify(record));
 */
export function objectStoreFromEnvironment(name: string, env: Environment = process.env): ObjectStore {
  if (isLocal(env)) return new LocalObjectStore(join(outboxDir(env), name));
  return new S3ObjectStore({
    bucket: requireSetting(env, storeBucketVariable(name), `the S3 bucket of the ${name} store`),
  });
}
