---
to: <%- dir %>/src/handlers.ts
---
import { type HandlerClass } from '@paved/platform';

/**
 * Every handler of the <%- name %> service: its stack deploys exactly these, and the local bus runs exactly these.
 */
export const handlers: readonly HandlerClass[] = [
  // `npx hygen handler new --service <%- name %> ...` adds each new handler above this line.
];
