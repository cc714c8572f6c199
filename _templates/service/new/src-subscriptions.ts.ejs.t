---
to: <%- dir %>/src/subscriptions.ts
---
import { type Subscription } from '@paved/events';

/**
 * Every handler of the <%- name %> service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  // `npx hygen handler new --service <%- name %> ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
