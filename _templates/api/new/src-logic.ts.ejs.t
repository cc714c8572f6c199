---
to: <%- dir %>/src/<%- name %>.ts
---
import { type DetailInputOf } from '@paved/events';
import { type <%- contract.exportName %> } from '<%- contract.packageName %>';
import { type <%- pascalName %>Request } from './api';

/**
 * The `<%- contract.exportName %>` detail a valid request announces. The request schema is the contract's, so the
 * detail is the request; an API that fills fields in itself (an id, a time) omits them from the request schema
 * and adds them here.
 */
export function <%- camelName %>Detail(request: <%- pascalName %>Request): DetailInputOf<typeof <%- contract.exportName %>> {
  return { ...request };
}
