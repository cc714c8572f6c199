---
inject: true
eof_last: false
to: services/<%- service %>/src/subscriptions.ts
before: "adds each new handler above this line"
skip_if: "^  <%- camelName %>,"
---
  <%- camelName %>,
