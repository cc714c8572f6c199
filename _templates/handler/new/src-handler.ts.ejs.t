---
to: <%- dir %>/src/handler.ts
---
import { storesOf } from '@paved/adapters';
<% if (publishes.length > 0) { -%>
<%- imports.published %>
<% } -%>
import { <%- delivery.batch ? 'defineBatchHandler' : 'defineHandler' %><%- publishes.length > 0 ? ', publish' : '' %> } from '@paved/runtime';
import { plan<%- pascalName %><%- publishes.map((p) => ', ' + p.functionName).join('') %> } from './<%- name %>';
import { subscription } from './subscription';

const stores = storesOf(subscription);

<% if (publishes.length === 0) { -%>
<% if (delivery.batch) { -%>
/**
 * Keeps the record planned for each event of a batch, once per event id however often the event arrives.
<% if (delivery.kind === 'queue') { -%>
 * An event that fails is reported alone, for the queue to deliver again; the rest of the batch is done.
<% } else { -%>
 * When an event fails, the ones before it are done and the stream delivers it again, with the ones after it, in order.
<% } -%>
 */
<% } else { -%>
/** Keeps the record planned for each event, once per event id however often the event arrives. */
<% } -%>
// What it returns ({ created, key }) is logged as the event's outcome.
export const handler = <%- delivery.batch ? 'defineBatchHandler' : 'defineHandler' %>(subscription, async (detail, { event }) => {
  const { key, record } = plan<%- pascalName %>(detail, event.id);
  return stores<%- storeAccess %>.putJsonIfAbsent(key, record);
});
<% } else { -%>
/**
 * Keeps the record planned for each event, once per event id, then publishes <%- publishes.map((p) => p.exportName).join(' and ') %>.
 *
 * What it publishes, and when: at least once per event, never before the record is kept. It publishes on every
 * delivery, also when the record was kept before: a delivery that kept it and then failed to publish throws, Lambda
 * retries the event, and that retry must still publish, or the event would never be published at all. So a
 * redelivered event publishes again (a new event id, the same detail): consumers key what they do by what the event
 * is about, never by its id.
 */
// What it returns ({ created, key }) is logged as the event's outcome.
export const handler = <%- delivery.batch ? 'defineBatchHandler' : 'defineHandler' %>(subscription, async (detail, { event }) => {
  const { key, record } = plan<%- pascalName %>(detail, event.id);
  const kept = await stores<%- storeAccess %>.putJsonIfAbsent(key, record);
<% publishes.forEach(function (p) { -%>
  await publish(<%- p.exportName %>, <%- p.functionName %>(detail));
<% }) -%>
  return kept;
});
<% } -%>
