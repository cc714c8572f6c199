import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { LocalObjectStore, objectStoreFromEnvironment, S3ObjectStore } from '../src';

describe('LocalObjectStore', () => {
  it('writes a key once and reads it back', async () => {
    const store = new LocalObjectStore(mkdtempSync(join(tmpdir(), 'store-')));
    await expect(store.putIfAbsent('orders/o-1.json', '{"a":1}')).resolves.toEqual({ created: true });
    await expect(store.putIfAbsent('orders/o-1.json', '{"a":2}')).resolves.toEqual({ created: false });
    expect(Buffer.from((await store.get('orders/o-1.json'))!).toString()).toBe('{"a":1}');
    await expect(store.get('orders/missing.json')).resolves.toBeUndefined();
  });
});

describe('S3ObjectStore', () => {
  const s3 = mockClient(S3Client);
  afterEach(() => s3.reset());
  afterAll(() => s3.restore());
  const store = new S3ObjectStore({ bucket: 'sales', client: new S3Client({}) });

  it('writes with If-None-Match so the write happens once', async () => {
    s3.on(PutObjectCommand).resolves({});
    await expect(store.putIfAbsent('k', 'v', 'application/json')).resolves.toEqual({ created: true });
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'sales',
      Key: 'k',
      IfNoneMatch: '*',
    });
  });

  it('reports an existing key when S3 answers 412 Precondition Failed', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({
        name: 'PreconditionFailed',
        $fault: 'client',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    await expect(store.putIfAbsent('k', 'v')).resolves.toEqual({ created: false });
  });

  it('passes other failures on', async () => {
    s3.on(PutObjectCommand).rejects(
      new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }),
    );
    await expect(store.putIfAbsent('k', 'v')).rejects.toThrow(S3ServiceException);
  });

  it('reads nothing for a missing key', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: {} }));
    await expect(store.get('missing')).resolves.toBeUndefined();
  });
});

describe('objectStoreFromEnvironment', () => {
  it('uses a folder locally and the <NAME>_BUCKET bucket on AWS', () => {
    expect(objectStoreFromEnvironment('sales', { PAVED_LOCAL: '1' })).toBeInstanceOf(LocalObjectStore);
    expect(objectStoreFromEnvironment('sales', { SALES_BUCKET: 'b' })).toBeInstanceOf(S3ObjectStore);
    expect(() => objectStoreFromEnvironment('sales', {})).toThrow(/SALES_BUCKET/);
  });
});
