import { S3ObjectCreated } from '@paved/events';
import { PNG } from 'pngjs';
import {
  decodePng,
  isPng,
  makeThumbnail,
  MAX_SOURCE_PIXELS,
  scaleDown,
  THUMBNAIL_EDGE,
  thumbnailKey,
  thumbnailSize,
  uploadedObject,
} from '../src/create-thumbnail';
import { BLUE, halves, pixelOf, pngOf, RED } from './png';

describe('thumbnailSize', () => {
  it('fits the longer edge to the thumbnail box, keeping the aspect ratio', () => {
    expect(thumbnailSize(4032, 3024)).toEqual({ width: THUMBNAIL_EDGE, height: 96 });
    expect(thumbnailSize(300, 100)).toEqual({ width: 128, height: 43 });
    expect(thumbnailSize(1000, 4000)).toEqual({ width: 32, height: THUMBNAIL_EDGE });
  });

  it('never upscales an image that fits, and never rounds an edge to nothing', () => {
    expect(thumbnailSize(100, 50)).toEqual({ width: 100, height: 50 });
    expect(thumbnailSize(5000, 1)).toEqual({ width: 128, height: 1 });
  });
});

describe('scaleDown', () => {
  const image = (width: number, pixels: number[][]) => ({
    width,
    height: pixels.length / width,
    data: Uint8Array.from(pixels.flat()),
  });

  it('averages the block of source pixels each target pixel covers', () => {
    const source = image(4, [
      [...RED],
      [200, 0, 0, 255],
      [...BLUE],
      [...BLUE],
      [...RED],
      [200, 0, 0, 255],
      [...BLUE],
      [0, 0, 155, 255],
    ]);
    expect(Array.from(scaleDown(source, 2, 1).data)).toEqual([228, 0, 0, 255, 0, 0, 230, 255]);
  });

  it('lends no colour from transparent pixels, and averages the alpha', () => {
    const source = image(2, [[...RED], [0, 255, 0, 0]]);
    expect(Array.from(scaleDown(source, 1, 1).data)).toEqual([255, 0, 0, 128]);
  });

  it('keeps an image pixel for pixel at its own size', () => {
    const source = image(2, [
      [1, 2, 3, 255],
      [4, 5, 6, 7],
    ]);
    expect(scaleDown(source, 2, 1).data).toEqual(source.data);
  });
});

describe('makeThumbnail', () => {
  it('makes a PNG at most 128 pixels on its longer edge, keeping the picture', () => {
    const thumbnail = makeThumbnail(pngOf(256, 128, halves(256)));
    expect(thumbnail).toMatchObject({ width: 128, height: 64 });
    const decoded = PNG.sync.read(thumbnail.png);
    expect([decoded.width, decoded.height]).toEqual([128, 64]);
    expect(pixelOf(thumbnail.png, 0, 0)).toEqual(RED);
    expect(pixelOf(thumbnail.png, 63, 63)).toEqual(RED);
    expect(pixelOf(thumbnail.png, 64, 0)).toEqual(BLUE);
    expect(pixelOf(thumbnail.png, 127, 63)).toEqual(BLUE);
  });

  it('keeps the aspect ratio of an image that is not square', () => {
    expect(makeThumbnail(pngOf(300, 100, halves(300)))).toMatchObject({ width: 128, height: 43 });
  });

  it('copies a small image at its own size', () => {
    const small = pngOf(64, 32, halves(64));
    const thumbnail = makeThumbnail(small);
    expect(thumbnail).toMatchObject({ width: 64, height: 32 });
    expect(decodePng(thumbnail.png)).toEqual(decodePng(small));
  });

  it('reads PNGs of other colour types, such as 8-bit grey', () => {
    const grey = new PNG({ width: 2, height: 2 });
    for (let at = 0; at < grey.data.length; at += 4) grey.data.set([100, 100, 100, 255], at);
    const file = PNG.sync.write(grey, { colorType: 0 });
    expect(pixelOf(makeThumbnail(file).png, 1, 1)).toEqual([100, 100, 100, 255]);
  });

  it('fails permanently on a file that starts like a PNG but does not decode', () => {
    const truncated = pngOf(16, 16, halves(16)).subarray(0, 40);
    expect(() => makeThumbnail(truncated)).toThrow(
      expect.objectContaining({ name: 'InvalidImageError', code: 'INVALID_IMAGE' }),
    );
    expect(() => makeThumbnail(pngOf(1, 1, () => RED).subarray(0, 10))).toThrow(/no IHDR header/);
  });

  it('refuses, before decoding, an image with more pixels than the function can hold', () => {
    const huge = Buffer.from(pngOf(1, 1, () => RED));
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(10_000, 20);
    expect(() => makeThumbnail(huge)).toThrow(
      `The image is 10000×10000 pixels, more than the ${MAX_SOURCE_PIXELS} a thumbnail is made of`,
    );
  });
});

describe('isPng', () => {
  it('knows a PNG by its signature, whatever the key says', () => {
    expect(isPng(pngOf(1, 1, () => RED))).toBe(true);
    expect(isPng(Buffer.from('\xff\xd8\xff\xe0 JFIF', 'latin1'))).toBe(false);
    expect(isPng(new Uint8Array())).toBe(false);
  });
});

describe('uploadedObject and thumbnailKey', () => {
  const detail = S3ObjectCreated.examples[0]!;

  it('decodes the key as S3 encodes it in events', () => {
    const object = uploadedObject({
      ...detail,
      object: { ...detail.object, key: 'users/c-1001/my+holiday%21+%2B1.png' },
    });
    expect(object).toEqual({
      bucket: 'photos-123456789012-us-east-1-an',
      key: 'users/c-1001/my holiday! +1.png',
      sequencer: '617f08299329d189',
    });
  });

  it('keys the thumbnail by bucket, key and sequencer: one per written object', () => {
    const object = uploadedObject(detail);
    expect(thumbnailKey(object)).toBe(
      'photos-123456789012-us-east-1-an/users/c-1001/holiday.jpg@617f08299329d189.png',
    );
    expect(thumbnailKey({ ...object, sequencer: '617f08299329d190' })).not.toBe(thumbnailKey(object));
  });
});
