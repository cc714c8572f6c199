---
inject: true
eof_last: false
to: services/<%- service %>/src/handlers.ts
before: "adds each new handler above this line"
skip_if: "^  <%- pascalName %>,"
---
  <%- pascalName %>,
