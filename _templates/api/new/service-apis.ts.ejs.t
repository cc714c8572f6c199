---
to: "<%- hasApisFile ? '' : 'services/' + service + '/src/apis.ts' %>"
---
import { api as <%- camelName %> } from '<%- packageName %>';
import { type Api } from '@paved/events';

/**
 * Every HTTP endpoint of the <%- service %> service, by its declaration: its stack deploys exactly these on its HTTP
 * API, and the local bus serves exactly these.
 */
export const apis = [
  <%- camelName %>,
  // `npx hygen api new --service <%- service %> ...` adds each new API above this line.
] as const satisfies readonly Api[];
