---
to: <%- contractsDir %>/src/<%- fileName %>.ts
---
// Version <%- version %> of <%- family %>: detail-type <%- JSON.stringify(detailType) %>, published beside version <%- previousVersion %>. Make the
// breaking change here. Consumers move over one at a time (`contract: <%- exportName %>`) while the producer publishes
// both; delete <%- previous %> once no consumer uses it and its events have aged out of the archive.
<%- contractSource -%>
