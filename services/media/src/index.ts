export { buckets } from './buckets';
export { subscriptions } from './subscriptions';
export { MediaStack } from './stack';
