---
inject: true
eof_last: false
to: "<%- hasApisFile ? 'services/' + service + '/src/apis.ts' : '' %>"
before: "^import \\{ type Api \\}"
skip_if: "'<%- packageName %>'"
---
import { api as <%- camelName %> } from '<%- packageName %>';
