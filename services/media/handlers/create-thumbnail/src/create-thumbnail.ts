import { type S3ObjectCreatedDetail } from '@paved/events';
import { PermanentError } from '@paved/runtime';
import { PNG } from 'pngjs';

/** The box a thumbnail fits in, in pixels: its longer edge is at most this long. */
export const THUMBNAIL_EDGE = 128;

/**
 * The most pixels an upload may have: decoding holds its RGBA pixels (4 bytes each) and pngjs's inflated rows in
 * memory at once, about 200 MB at this size, within the function's 1024 MB.
 */
export const MAX_SOURCE_PIXELS = 25_000_000;

/** An image as 8-bit RGBA pixels, row after row from the top left: what pngjs decodes to. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The object an `Object Created` event is about: a version of one key, which one thumbnail is made of. */
export interface UploadedObject {
  /** The bucket's physical name. */
  readonly bucket: string;
  /** The key as stored (S3 URL-encodes it in events: `my+photo.png` is `my photo.png`). */
  readonly key: string;
  /** S3's order of the writes to the key: a later write of the same key has a larger one. */
  readonly sequencer: string;
}

/** A thumbnail ready to store. */
export interface Thumbnail {
  /** The PNG file. */
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** An upload that has the PNG signature but cannot be made into a thumbnail: retrying will not change it. */
export class InvalidImageError extends PermanentError {
  override readonly name = 'InvalidImageError';
  override readonly code = 'INVALID_IMAGE';
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The object of an event, its key decoded as S3 encodes keys in event notifications (a space as `+`). */
export function uploadedObject(detail: S3ObjectCreatedDetail): UploadedObject {
  return {
    bucket: detail.bucket.name,
    key: decodeURIComponent(detail.object.key.replace(/\+/g, '%20')),
    sequencer: detail.object.sequencer,
  };
}

/**
 * Where the thumbnail of one written object is stored: keyed by bucket, key and sequencer, so a redelivered event
 * (or the copy the bus route forwards, which has a new event id) finds its thumbnail, and a new write of the key
 * gets a new one.
 */
export function thumbnailKey(object: UploadedObject): string {
  return `${object.bucket}/${object.key}@${object.sequencer}.png`;
}

/** Whether the bytes start with PNG's 8-byte signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
}

/** The size of the largest box of `edge` × `edge` that keeps the aspect ratio; an image that fits keeps its size. */
export function thumbnailSize(
  width: number,
  height: number,
  edge: number = THUMBNAIL_EDGE,
): { readonly width: number; readonly height: number } {
  const scale = Math.min(1, edge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * Scales an image down with a box filter: each target pixel is the average of the source pixels it covers, weighted
 * by their alpha so that transparent pixels lend no colour to their neighbours. Sizes at or above the source's keep
 * it as it is (pixel for pixel: nothing is made up).
 */
export function scaleDown(image: RgbaImage, width: number, height: number): RgbaImage {
  const source = image.data;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    const top = Math.floor((y * image.height) / height);
    const bottom = Math.max(top + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x += 1) {
      const left = Math.floor((x * image.width) / width);
      const right = Math.max(left + 1, Math.floor(((x + 1) * image.width) / width));
      let red = 0;
      let green = 0;
      let blue = 0;
      let alpha = 0;
      for (let sy = top; sy < bottom; sy += 1) {
        for (let sx = left; sx < right; sx += 1) {
          const at = (sy * image.width + sx) * 4;
          const a = source[at + 3]!;
          red += source[at]! * a;
          green += source[at + 1]! * a;
          blue += source[at + 2]! * a;
          alpha += a;
        }
      }
      const to = (y * width + x) * 4;
      if (alpha > 0) {
        data[to] = Math.round(red / alpha);
        data[to + 1] = Math.round(green / alpha);
        data[to + 2] = Math.round(blue / alpha);
      }
      data[to + 3] = Math.round(alpha / ((bottom - top) * (right - left)));
    }
  }
  return { width, height, data };
}

/** Decodes a PNG file (any bit depth and colour type) to 8-bit RGBA. */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const { width, height } = pngSize(bytes);
  if (width * height > MAX_SOURCE_PIXELS) {
    throw new InvalidImageError(
      `The image is ${width}×${height} pixels, more than the ${MAX_SOURCE_PIXELS} a thumbnail is made of: ` +
        "upload a smaller image, or raise MAX_SOURCE_PIXELS with the function's memory.",
    );
  }
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return { width: png.width, height: png.height, data: png.data };
  } catch (error) {
    throw new InvalidImageError(
      `The upload starts like a PNG but does not decode (${(error as Error).message}): upload it again, intact.`,
      { cause: error },
    );
  }
}

/** Encodes 8-bit RGBA pixels as a PNG file. */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType: 6 });
}

/** The thumbnail of a PNG file: at most {@link THUMBNAIL_EDGE} on its longer edge, same aspect ratio, as PNG. */
export function makeThumbnail(bytes: Uint8Array): Thumbnail {
  const image = decodePng(bytes);
  const size = thumbnailSize(image.width, image.height);
  return { png: encodePng(scaleDown(image, size.width, size.height)), ...size };
}

/** The width and height in a PNG's header (its first chunk, IHDR), read before decoding anything. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (header.length < 24 || header.toString('latin1', 12, 16) !== 'IHDR') {
    throw new InvalidImageError(
      `The upload has the PNG signature but no IHDR header (${header.length} bytes): upload it again, intact.`,
    );
  }
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}
