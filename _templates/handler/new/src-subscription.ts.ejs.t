---
to: <%- dir %>/src/subscription.ts
---
import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
<%- imports.contracts %>

/**
 * Everything about this handler but its code: the events that reach it, how it is retried, the store it keeps
<% if (publishes.length === 0) { -%>
 * its records in. The platform deploys it and the local bus runs it from this one declaration.
<% } else { -%>
 * its records in, and the events it publishes (the platform lets it put exactly these on the bus). The platform
 * deploys it and the local bus runs it from this one declaration.
<% } -%>
 */
export const subscription = defineSubscription({
  name: '<%- name %>',
  service: '<%- service %>',
  contract: <%- contract.exportName %>,
  entry: join(__dirname, 'handler.ts'),
  description: <%- JSON.stringify(description) %>,
  stores: ['<%- storeName %>'],
<% if (publishes.length > 0) { -%>
  publishes: [<%- publishes.map((p) => p.exportName).join(', ') %>],
<% } -%>
});
