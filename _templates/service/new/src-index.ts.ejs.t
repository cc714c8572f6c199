---
to: <%- dir %>/src/index.ts
---
export { handlers } from './handlers';
export { <%- pascalName %>Stack } from './stack';
