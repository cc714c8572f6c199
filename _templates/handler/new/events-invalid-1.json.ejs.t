---
to: "<%- invalidSamples[0] ? dir + '/events/' + invalidSamples[0].file : '' %>"
---
<%- invalidSamples[0] ? invalidSamples[0].json : '' %>
