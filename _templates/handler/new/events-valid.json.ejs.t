---
to: <%- dir %>/events/valid.json
---
<%- validSampleJson %>
