import { ImageUploaded } from '@paved/media-contracts';
import { planThumbnail, THUMBNAIL_EDGE } from '../src/create-thumbnail';

describe('planThumbnail', () => {
  const image = ImageUploaded.examples[0]!;

  it('fits the longest edge to the thumbnail size, keeping the aspect ratio', () => {
    expect(planThumbnail(image)).toMatchObject({ width: THUMBNAIL_EDGE, height: 192 });
    expect(planThumbnail({ ...image, width: 1000, height: 4000 })).toMatchObject({
      width: 64,
      height: THUMBNAIL_EDGE,
    });
  });

  it('never upscales a small image', () => {
    expect(planThumbnail({ ...image, width: 100, height: 50 })).toMatchObject({ width: 100, height: 50 });
  });

  it('stores the thumbnail under thumbnails/, named after the original', () => {
    expect(planThumbnail(image).key).toBe('thumbnails/users/c-1001/holiday-256.jpg');
    expect(planThumbnail({ ...image, key: 'no-extension' }).key).toBe('thumbnails/no-extension-256');
  });
});
