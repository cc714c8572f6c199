import * as z from 'zod';
import { defineEvent } from '@paved/events';

export const ImageUploadedSchema = z.object({
  bucket: z.string().min(3).max(63),
  key: z.string().min(1).max(1024),
  contentType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
  sizeBytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/** An image was uploaded and stored. */
export const ImageUploaded = defineEvent({
  source: 'media.uploads',
  detailType: 'Image Uploaded',
  detail: ImageUploadedSchema,
  description: 'An image was uploaded and stored.',
  examples: [
    {
      bucket: 'myapp-uploads',
      key: 'users/c-1001/holiday.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 2_457_600,
      width: 4032,
      height: 3024,
    },
  ],
});

/** The detail of an `ImageUploaded` event, as its handlers receive it. */
export type ImageUploadedDetail = z.infer<typeof ImageUploadedSchema>;
