---
sh: "node tools/generators/bin/finish-api.js <%- dir %> <%- packageName %> <%- service %>"
---
