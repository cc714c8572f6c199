---
inject: true
eof_last: false
to: "<%- hasApisFile ? 'services/' + service + '/src/apis.ts' : '' %>"
before: "adds each new API above this line"
skip_if: "^  <%- camelName %>,"
---
  <%- camelName %>,
