export { subscriptions } from './subscriptions';
export { OrdersStack } from './stack';
