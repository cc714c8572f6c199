import { type ImageUploadedDetail } from '@paved/media-contracts';

/** The longest edge of a thumbnail, in pixels. */
export const THUMBNAIL_EDGE = 256;

/** What to render for one uploaded image: where, and at which size. */
export interface ThumbnailPlan {
  readonly source: { readonly bucket: string; readonly key: string };
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly contentType: string;
}

/**
 * Plans the thumbnail of an image: its longest edge becomes {@link THUMBNAIL_EDGE} (never upscaled), the
 * aspect ratio is kept, and it is stored next to the original under `thumbnails/`.
 */
export function planThumbnail(image: ImageUploadedDetail): ThumbnailPlan {
  const scale = Math.min(1, THUMBNAIL_EDGE / Math.max(image.width, image.height));
  const dot = image.key.lastIndexOf('.');
  const stem = dot > image.key.lastIndexOf('/') ? image.key.slice(0, dot) : image.key;
  const extension = dot > image.key.lastIndexOf('/') ? image.key.slice(dot) : '';
  return {
    source: { bucket: image.bucket, key: image.key },
    key: `thumbnails/${stem}-${THUMBNAIL_EDGE}${extension}`,
    width: Math.max(1, Math.round(image.width * scale)),
    height: Math.max(1, Math.round(image.height * scale)),
    contentType: image.contentType,
  };
}
