---
to: <%- dir %>/src/subscription.ts
---
import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { <%- contract.exportName %> } from '<%- contract.packageName %>';

/**
 * Everything about this handler but its code: the events that reach it, how it is retried, and the store it keeps
 * its records in. The platform deploys it and the local bus runs it from this one declaration.
 */
export const subscription = defineSubscription({
  name: '<%- name %>',
  service: '<%- service %>',
  contract: <%- contract.exportName %>,
  entry: join(__dirname, 'handler.ts'),
  description: <%- JSON.stringify(description) %>,
  stores: ['<%- storeName %>'],
});
