import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { type UploadResult } from '../core/uploads';
import { InvalidOptionError } from '../errors';
import { callApi } from './client';
import { type CliIo } from './io';

/** `s3://bucket/key` → its bucket and key; a key left out or ending in `/` takes the file's name, as `aws s3 cp`. */
export function parseS3Url(url: string | undefined, file: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url ?? '');
  if (!match)
    throw new InvalidOptionError(
      `Expected the destination as s3://<bucket>/<key>, received ${JSON.stringify(url ?? '')}. "paved s3 ls" lists the local buckets.`,
    );
  const [, bucket, key = ''] = match;
  return { bucket: bucket!, key: key === '' || key.endsWith('/') ? `${key}${basename(file)}` : key };
}

/**
 * `paved s3 cp <file> s3://<bucket>/<key>`: uploads a file to a local bucket of the running bus, which stores it
 * and puts S3's `Object Created` event on the `default` bus (journaled before it answers), as a bucket with
 * EventBridge notifications on does. Prints what `aws s3 cp` prints, then the object and its event.
 */
export async function runS3Copy(
  endpoint: string,
  source: string | undefined,
  destination: string | undefined,
  io: CliIo,
): Promise<number> {
  if (!source) throw new InvalidOptionError('Missing the file: paved s3 cp <file> s3://<bucket>/<key>.');
  const path = resolve(io.cwd, source);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new InvalidOptionError(
      `The file ${path} does not exist (or is not a file): give a file to upload.`,
    );
  const { bucket, key } = parseS3Url(destination, path);
  const encodedKey = key.split('/').map(encodeURIComponent).join('/');
  const result = await callApi<UploadResult>(
    endpoint,
    `/_paved/s3/${encodeURIComponent(bucket)}/${encodedKey}`,
    // Raw bytes with their own type: PUT is not a method a web page may send cross-origin without a preflight.
    { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: readFileSync(path) },
  );
  io.stdout.write(
    `upload: ${source} to s3://${result.bucket}/${result.key}\n` +
      `  ${result.size} bytes, ETag ${result.etag}, version ${result.versionId}, request ${result.requestId}\n` +
      `  Object Created event ${result.eventId} on the default bus\n`,
  );
  return 0;
}

/** `paved s3 ls`: the local buckets (declared with defineBucket), named as on AWS, and how many objects each holds. */
export async function runS3List(endpoint: string, io: CliIo): Promise<number> {
  const { buckets } = await callApi<{
    buckets: { name: string; service: string; id: string; objects: number }[];
  }>(endpoint, '/_paved/buckets');
  if (buckets.length === 0) {
    io.stdout.write(
      'No local buckets: declare one with defineBucket in services/<service>/src/buckets.ts (export const buckets = [...]).\n',
    );
    return 0;
  }
  const width = Math.max(...buckets.map((bucket) => bucket.name.length));
  for (const bucket of buckets)
    io.stdout.write(`${bucket.name.padEnd(width)}  ${bucket.id}  ${bucket.objects} objects\n`);
  return 0;
}
