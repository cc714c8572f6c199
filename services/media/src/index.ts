export { subscriptions } from './subscriptions';
export { MediaStack } from './stack';
