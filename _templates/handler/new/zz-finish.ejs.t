---
sh: "node tools/generators/bin/finish.js handler <%- dir %> <%- packageName %> <%- service %>"
---
