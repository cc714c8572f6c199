---
to: <%- dir %>/src/index.ts
---
export { <%- pascalName %> } from './construct';
export { subscription } from './subscription';
