import { join } from 'node:path';
import {
  bucketName,
  defineBucket,
  defineSubscription,
  exampleEvent,
  InvalidBucketError,
  S3ObjectCreated,
  testEventPattern,
  validatePattern,
} from '../src';

const uploads = defineBucket({ service: 'media', name: 'uploads', description: 'Images customers upload.' });
const archive = defineBucket({ service: 'media', name: 'uploads-archive', description: 'Old uploads.' });

/** An Object Created event from the bucket named `name`. */
function createdIn(name: string) {
  const detail = { ...S3ObjectCreated.examples[0]!, bucket: { name } };
  return JSON.stringify(exampleEvent(S3ObjectCreated, detail));
}

describe('defineBucket', () => {
  it('is named after its service and name, as S3 will name it in the account-regional namespace', () => {
    expect(uploads).toMatchObject({ id: 'media-uploads', namePrefix: 'media-uploads', service: 'media' });
    expect(bucketName(uploads, { account: '123456789012', region: 'eu-west-1' })).toBe(
      'media-uploads-123456789012-eu-west-1-an',
    );
  });

  it("gives S3ObjectCreated's pattern narrowed to the bucket, as static data AWS accepts", () => {
    expect(uploads.objectCreated).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [...'0123456789'].map((digit) => ({ prefix: `media-uploads-${digit}` })) } },
    });
    expect(() => validatePattern(uploads.objectCreated)).not.toThrow();
  });

  it('matches its own bucket in any account and Region, and no other declared bucket', () => {
    for (const [account, region] of [
      ['123456789012', 'eu-west-1'],
      ['999988887777', 'ap-southeast-7'],
    ] as const) {
      const own = createdIn(bucketName(uploads, { account, region }));
      const other = createdIn(bucketName(archive, { account, region }));
      expect(testEventPattern(uploads.objectCreated, own)).toBe(true);
      expect(testEventPattern(uploads.objectCreated, other)).toBe(false);
      expect(testEventPattern(archive.objectCreated, other)).toBe(true);
      expect(testEventPattern(archive.objectCreated, own)).toBe(false);
    }
    expect(testEventPattern(uploads.objectCreated, createdIn('media-uploads'))).toBe(false);
  });

  it('is what a subscription narrows S3ObjectCreated with', () => {
    const subscription = defineSubscription({
      name: 'create-thumbnail',
      service: 'media',
      contract: S3ObjectCreated,
      pattern: uploads.objectCreated,
      entry: join(__dirname, 'handler.ts'),
      description: 'Makes thumbnails.',
    });
    expect(subscription.pattern).toBe(uploads.objectCreated);
  });

  it('refuses a word starting with a digit, which would make the name ambiguous with the account id', () => {
    expect(() => defineBucket({ service: 'media', name: 'uploads-2024', description: 'x' })).toThrow(
      new InvalidBucketError(
        'Invalid name "uploads-2024" for bucket media/uploads-2024: use kebab-case whose every word starts with a letter, such as "uploads" (a word starting with a digit would make the name ambiguous with the account id S3 appends).',
      ),
    );
    expect(() => defineBucket({ service: 'Media', name: 'uploads', description: 'x' })).toThrow(
      /Invalid service "Media" for bucket Media\/uploads/,
    );
  });

  it('refuses an id too long for S3 to append the account, the Region and -an', () => {
    expect(() =>
      defineBucket({ service: 'media', name: 'customer-uploads-for-review', description: 'x' }),
    ).toThrow(
      'Invalid id "media-customer-uploads-for-review" for bucket media/customer-uploads-for-review: shorten the service or the name to at most 32 characters together: S3 appends -<account>-<region>-an and allows 63.',
    );
  });

  it('names a bucket only for a real account id and Region code', () => {
    expect(() => bucketName(uploads, { account: '1234', region: 'eu-west-1' })).toThrow(
      'Invalid account "1234" for bucket media-uploads: give the 12-digit AWS account id.',
    );
    expect(() => bucketName(uploads, { account: '123456789012', region: 'Europe' })).toThrow(
      'Invalid region "Europe" for bucket media-uploads: give an AWS Region code, such as "eu-west-1".',
    );
  });
});
