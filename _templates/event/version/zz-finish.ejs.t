---
sh: "node tools/generators/bin/finish.js event-version <%- contractsDir %>"
---
