---
inject: true
eof_last: false
to: CODEOWNERS
append: true
skip_if: "^/<%- dir %>/ "
---
/<%- dir %>/ <%- team %>
