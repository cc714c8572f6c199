export { apis } from './apis';
export { subscriptions } from './subscriptions';
export { OrdersStack } from './stack';
