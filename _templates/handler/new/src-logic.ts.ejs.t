---
to: <%- dir %>/src/<%- name %>.ts
---
import { type DetailOf } from '@paved/events';
import { type <%- contract.exportName %> } from './schema';

/** What <%- name %> does for one event: decided here, carried out by the handler. */
export interface <%- pascalName %>Plan {
  /**
   * EventBridge delivers at least once, so the same event can arrive twice: side effects are keyed by this,
   * derived from the event id, to happen once.
   */
  readonly idempotencyKey: string;
  readonly detail: DetailOf<typeof <%- contract.exportName %>>;
}

/** The business logic of <%- name %>: a plain function of the event, tested without Lambda. */
export function plan<%- pascalName %>(detail: DetailOf<typeof <%- contract.exportName %>>, eventId: string): <%- pascalName %>Plan {
  return { idempotencyKey: `<%- projectName %>:${eventId}`, detail };
}
