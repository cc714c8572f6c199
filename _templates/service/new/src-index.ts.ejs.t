---
to: <%- dir %>/src/index.ts
---
export { subscriptions } from './subscriptions';
export { <%- pascalName %>Stack } from './stack';
