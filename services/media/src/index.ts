export { handlers } from './handlers';
export { MediaStack } from './stack';
