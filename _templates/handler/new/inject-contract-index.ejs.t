---
inject: true
eof_last: false
to: "<%- contract.isNew ? 'services/' + contract.service + '/contracts/src/index.ts' : '' %>"
append: true
skip_if: "from './<%- contract.fileName %>'"
---
export { <%- contract.exportName %>, <%- contract.exportName %>Schema, type <%- contract.exportName %>Detail } from './<%- contract.fileName %>';
