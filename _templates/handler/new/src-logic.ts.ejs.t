---
to: <%- dir %>/src/<%- name %>.ts
---
import { <%- publishes.length > 0 ? 'type DetailInputOf, ' : '' %>type DetailOf } from '@paved/events';
<%- imports.contractTypes %>

/** What the handler keeps for one event: the event's detail, under the id of the event it came with. */
export interface <%- pascalName %>Record {
  readonly eventId: string;
  readonly detail: DetailOf<typeof <%- contract.exportName %>>;
}

/**
 * Decides what the handler keeps for one event, and where: one record per event id, at
 * `events/<event id>.json`. EventBridge delivers at least once; keyed so, an event that arrives again finds its
 * record and adds none.
 */
export function plan<%- pascalName %>(
  detail: DetailOf<typeof <%- contract.exportName %>>,
  eventId: string,
): { readonly key: string; readonly record: <%- pascalName %>Record } {
  return { key: `events/${eventId}.json`, record: { eventId, detail } };
}
<% publishes.forEach(function (p) {
  const copied = p.fields.filter((f) => f.fromEvent).map((f) => '`' + f.name + '`');
  const kept = p.fields.filter((f) => !f.fromEvent).map((f) => '`' + f.name + '`');
-%>

/**
 * The <%- p.exportName %> this handler publishes for an event: the same detail for every delivery of it.
<% if (copied.length > 0) { -%>
 * <%- copied.join(', ') %> <%- copied.length === 1 ? 'is' : 'are' %> the handled event's<%- kept.length > 0 ? ';' : '.' %>
<% } -%>
<% if (kept.length > 0) { -%>
 * <%- kept.join(', ') %> <%- kept.length === 1 ? 'is' : 'are' %> as in <%- p.exportName %>'s first example.
<% } -%>
 */
export function <%- p.functionName %>(
  <%- p.fields.some((f) => f.fromEvent) ? 'detail' : '_detail' %>: DetailOf<typeof <%- contract.exportName %>>,
): DetailInputOf<typeof <%- p.exportName %>> {
  return {
<% p.fields.forEach(function (f) { -%>
    <%- f.key %>: <%- f.code %>,
<% }) -%>
  };
}
<% }) -%>
