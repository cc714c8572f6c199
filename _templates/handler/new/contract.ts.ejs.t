---
to: "<%- contract.isNew ? 'services/' + contract.service + '/contracts/src/' + contract.fileName + '.ts' : '' %>"
---
import * as z from 'zod/mini';
import { defineEvent } from '@paved/events';

export const <%- contract.exportName %>Schema = z.object({
<% contract.fields.forEach(function (field) { -%>
  <%- field.name %>: <%- field.zod %>,
<% }) -%>
});

export const <%- contract.exportName %> = defineEvent({
  source: '<%- contract.source %>',
  detailType: <%- JSON.stringify(contract.detailType) %>,
  detail: <%- contract.exportName %>Schema,
  description: <%- JSON.stringify(contract.detailType + ' from ' + contract.source + '.') %>,
  examples: [<%- contract.exampleJson.split('\n').join('\n  ') %>],
});

/** The detail of a `<%- contract.exportName %>` event, as its handlers receive it. */
export type <%- contract.exportName %>Detail = z.infer<typeof <%- contract.exportName %>Schema>;
