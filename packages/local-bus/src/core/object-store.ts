import { localObjectPath } from '@paved/adapters';
import { bucketName, type Bucket } from '@paved/events';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AwsProtocolError, ServiceLoadError } from '../errors';
import { type Place } from './rules';

/** A declared bucket, as the local bus keeps it. */
export interface LocalBucket {
  /** Its physical name, as on AWS in the bus's account and Region: `<service>-<name>-<account>-<region>-an`. */
  readonly name: string;
  /** `<service>-<name>`. */
  readonly id: string;
  readonly service: string;
  readonly description: string;
  /** Where its objects are: `<dataDir>/s3/<name>`. */
  readonly dir: string;
}

/** The longest object key S3 takes, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/**
 * The local stand-in for S3: one folder per declared bucket under `<dataDir>/s3` (the `PAVED_S3_DIR` handlers get),
 * named as the bucket is on AWS, so an S3 event's `detail.bucket.name` matches the subscriptions' patterns
 * (`bucket.objectCreated`) and `objectsIn(subscription)` finds the objects.
 */
export class LocalBuckets {
  private readonly byName = new Map<string, LocalBucket>();

  constructor(
    buckets: readonly Bucket[],
    place: Place,
    /** `<dataDir>/s3`. */
    readonly dir: string,
  ) {
    for (const bucket of buckets) {
      const name = bucketName(bucket, { account: place.accountId, region: place.region });
      const existing = this.byName.get(name);
      if (existing) {
        throw new ServiceLoadError(
          `Two buckets are declared as ${bucket.id} (services ${existing.service} and ${bucket.service}). Rename one: bucket ids are <service>-<name> and must be unique.`,
        );
      }
      this.byName.set(name, {
        name,
        id: bucket.id,
        service: bucket.service,
        description: bucket.description,
        dir: join(dir, name),
      });
    }
  }

  list(): LocalBucket[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The bucket named `name`, or S3's `NoSuchBucket` (404), listing the buckets there are. */
  get(name: string): LocalBucket {
    const bucket = this.byName.get(name);
    if (bucket) return bucket;
    const known = this.list().map((b) => `${b.name} (${b.id})`);
    throw new AwsProtocolError(
      'NoSuchBucket',
      `The specified bucket does not exist: ${name}. ` +
        (known.length > 0
          ? `The local buckets are ${known.join(', ')}: the buckets the services declare (defineBucket in services/<service>/src/buckets.ts), named as on AWS in this bus's account and Region.`
          : 'There are no local buckets: declare one with defineBucket and export it in services/<service>/src/buckets.ts (export const buckets = [...]).'),
      404,
    );
  }

  /** How many objects a bucket holds. */
  objectCount(bucket: LocalBucket): number {
    if (!existsSync(bucket.dir)) return 0;
    return readdirSync(bucket.dir, { recursive: true, withFileTypes: true }).filter(
      (entry) => entry.isFile() && !entry.name.startsWith('.paved-upload-'),
    ).length;
  }

  /**
   * Writes an object, replacing any with the same key, durably (written to a temporary file, fdatasync'd, renamed
   * into place): the S3 event that announces it is journaled next, and must not name an object that a crash lost.
   */
  async store(bucket: LocalBucket, key: string, body: Buffer): Promise<void> {
    const path = objectPath(bucket, key);
    try {
      await fs.mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.paved-upload-${randomBytes(6).toString('hex')}`);
      const file = await fs.open(temporary, 'w');
      try {
        await file.writeFile(body);
        await file.datasync();
      } finally {
        await file.close();
      }
      await fs.rename(temporary, path);
    } catch (error) {
      throw new AwsProtocolError(
        'InternalError',
        `Could not store s3://${bucket.name}/${key} in ${path}: ${(error as Error).message}. A key that is also a "folder" of another key cannot be stored locally; otherwise check the disk.`,
        500,
        { cause: error },
      );
    }
  }
}

/**
 * Where an object's bytes go: `localObjectPath` of `@paved/adapters`, the mapping a handler's
 * `objectsIn(subscription).get(bucket, key)` reads with, so it finds what was uploaded. Keys S3 takes but a folder
 * cannot hold (empty, `.` or `..` segments) are refused here rather than silently merged with another key.
 */
export function objectPath(bucket: LocalBucket, key: string): string {
  const segments = key.split('/');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new AwsProtocolError(
      'KeyTooLongError',
      `Your key is too long: ${Buffer.byteLength(key)} bytes, and S3 takes at most ${MAX_KEY_BYTES}.`,
    );
  }
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new AwsProtocolError(
      'InvalidArgument',
      `The key ${JSON.stringify(key)} cannot be stored locally: it has an empty, "." or ".." segment (a leading, trailing or doubled "/"), which S3 takes but a folder cannot hold. Use a key such as uploads/photo.png.`,
    );
  }
  return localObjectPath(bucket.dir, key);
}
