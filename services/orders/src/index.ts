export { handlers } from './handlers';
export { OrdersStack } from './stack';
