// What the media service owns that others consume: its events (`hygen handler new --source ... --detail-type ...`
// adds new ones here) and its event-producing buckets, whose S3 events any handler may subscribe to.
export { uploads } from './uploads';
