---
to: <%- dir %>/src/api.ts
---
import { join } from 'node:path';
import type * as z from 'zod/mini';
import { defineApi } from '@paved/events';
import { <%- contract.exportName %> } from '<%- contract.packageName %>';

/** The body of `<%- route %>`: a `<%- contract.exportName %>` detail, validated by the contract's own schema. */
export const <%- pascalName %>RequestSchema = <%- contract.exportName %>.detailSchema;

/** A valid body of `<%- route %>`. */
export type <%- pascalName %>Request = z.output<typeof <%- pascalName %>RequestSchema>;

/**
 * `<%- route %>`, in one declaration: the platform deploys its route, its function and PutEvents for
 * `<%- contract.exportName %>` alone from it, `defineApiHandler` validates each body with it, and the local bus serves it.
 */
export const api = defineApi({
  name: '<%- name %>',
  service: '<%- service %>',
  route: '<%- route %>',
  request: <%- pascalName %>RequestSchema,
  publishes: [<%- contract.exportName %>],
  entry: join(__dirname, 'handler.ts'),
  description: <%- JSON.stringify(description) %>,
  examples: [<%- contract.exampleJson.split('\n').join('\n  ') %>],
});
