---
to: <%- dir %>/src/handler.ts
---
import { <%- contract.exportName %> } from '<%- contract.packageName %>';
import { defineApiHandler } from '@paved/runtime';
import { api } from './api';
import { <%- camelName %>Detail } from './<%- name %>';

/**
 * Announces each valid request as `<%- contract.exportName %>` and answers 202 Accepted with the event's id. An invalid
 * body is answered 400 with its issues by `defineApiHandler`, and nothing is published.
 */
export const handler = defineApiHandler(api, async (request, { publish }) => {
  const { eventIds } = await publish(<%- contract.exportName %>, <%- camelName %>Detail(request));
  return { status: 202, body: { eventId: eventIds[0] } };
});
