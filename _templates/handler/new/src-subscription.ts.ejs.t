---
to: <%- dir %>/src/subscription.ts
---
import { join } from 'node:path';
import { defineSubscription } from '@paved/events';
import { <%- contract.exportName %> } from './schema';

/** Which events reach this handler and how they are retried: read by the CDK construct and the local bus. */
export const subscription = defineSubscription({
  name: '<%- name %>',
  service: '<%- service %>',
  contract: <%- contract.exportName %>,
  entry: join(__dirname, 'handler.ts'),
  description: <%- JSON.stringify(description) %>,
});
