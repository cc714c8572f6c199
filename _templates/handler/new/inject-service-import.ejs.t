---
inject: true
eof_last: false
to: services/<%- service %>/src/subscriptions.ts
before: "^import \\{ type Subscription \\}"
skip_if: "'<%- packageName %>'"
---
import { subscription as <%- camelName %> } from '<%- packageName %>';
