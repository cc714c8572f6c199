export { handlers } from './handlers';
export { IdentityStack } from './stack';
