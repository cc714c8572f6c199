// The events the media service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { ImageUploaded, ImageUploadedSchema, type ImageUploadedDetail } from './image-uploaded';
