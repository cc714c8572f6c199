---
to: <%- dir %>/src/<%- name %>.ts
---
import { type DetailOf } from '@paved/events';
import { type <%- contract.exportName %> } from '<%- contract.packageName %>';

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
