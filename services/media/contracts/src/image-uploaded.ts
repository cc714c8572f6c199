import * as z from 'zod';
import { defineEvent } from '@paved/events';

export const ImageUploadedSchema = z.object({
  bucket: z.string().min(1),
  key: z.string().min(1),
  contentType: z.string().min(1),
  sizeBytes: z.number().int(),
});

export const ImageUploaded = defineEvent({
  source: 'media.uploads',
  detailType: 'Image Uploaded',
  detail: ImageUploadedSchema,
  description: 'Image Uploaded from media.uploads.',
  examples: [
    {
      bucket: 'bucket-1',
      key: 'key-1',
      contentType: 'contentType-1',
      sizeBytes: 1,
    },
  ],
});
