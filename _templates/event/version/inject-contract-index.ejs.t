---
inject: true
eof_last: false
to: <%- contractsDir %>/src/index.ts
append: true
skip_if: "from './<%- fileName %>'"
---
export { <%- exports %> } from './<%- fileName %>';
