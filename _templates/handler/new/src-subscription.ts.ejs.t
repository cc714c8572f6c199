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
<% if (delivery.kind === 'queue') { -%>
 *
 * Its events wait in a queue and reach it in batches; tune `delivery` (batchSize, maxConcurrency, ...) to what it and
 * what it calls can take.
<% } else if (delivery.kind === 'stream') { -%>
 *
 * Its events reach it in batches through a stream, in order per <%- delivery.partitionKey %>; tune `delivery`
 * (batchSize, parallelizationFactor, ...) to the traffic.
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
<% if (delivery.declaration) { -%>
  delivery: <%- delivery.declaration %>,
<% } -%>
});
