export { handlers } from './handlers';
export { NotificationsStack } from './stack';
