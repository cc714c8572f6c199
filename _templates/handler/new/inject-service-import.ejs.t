---
inject: true
eof_last: false
to: services/<%- service %>/src/handlers.ts
before: "^import \\{ type HandlerClass \\}"
skip_if: "'<%- packageName %>'"
---
import { <%- pascalName %> } from '<%- packageName %>';
