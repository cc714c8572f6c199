---
to: <%- dir %>/src/handler.ts
---
import { defineHandler } from '@paved/runtime';
import { plan<%- pascalName %> } from './<%- name %>';
import { <%- contract.exportName %> } from './schema';

/** The Lambda entry point: validates the event against its contract, then runs the business logic. */
export const handler = defineHandler(<%- contract.exportName %>, async (detail, { event, logger }) => {
  const plan = plan<%- pascalName %>(detail, event.id);
  logger.info('<%- name %> handled the event', { idempotencyKey: plan.idempotencyKey });
  return plan;
});
