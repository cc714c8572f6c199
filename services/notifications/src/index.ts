export { subscriptions } from './subscriptions';
export { NotificationsStack } from './stack';
