---
to: "<%- invalidSamples[1] ? dir + '/events/' + invalidSamples[1].file : '' %>"
---
<%- invalidSamples[1] ? invalidSamples[1].json : '' %>
