export { subscriptions } from './subscriptions';
export { IdentityStack } from './stack';
