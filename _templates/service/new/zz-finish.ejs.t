---
sh: "node tools/generators/bin/finish.js service <%- dir %>"
---
