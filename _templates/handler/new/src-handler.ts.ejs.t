---
to: <%- dir %>/src/handler.ts
---
import { storesOf } from '@paved/adapters';
import { defineHandler } from '@paved/runtime';
import { plan<%- pascalName %> } from './<%- name %>';
import { subscription } from './subscription';

const stores = storesOf(subscription);

/** Keeps the record planned for each event, once per event id however often the event arrives. */
// What it returns ({ created, key }) is logged as the event's outcome.
export const handler = defineHandler(subscription, async (detail, { event }) => {
  const { key, record } = plan<%- pascalName %>(detail, event.id);
  return stores<%- storeAccess %>.putJsonIfAbsent(key, record);
});
