---
to: <%- dir %>/tests/<%- name %>.test.ts
---
import { <%- contract.exportName %> } from '<%- contract.packageName %>';
import { api } from '../src/api';
import { <%- camelName %>Detail } from '../src/<%- name %>';

describe('<%- camelName %>Detail', () => {
  const request = api.request.parse(api.examples[0]);

  it('announces the request as it came', () => {
    expect(<%- camelName %>Detail(request)).toEqual(<%- contract.exampleJson.split('\n').join('\n    ') %>);
  });

  it('makes a detail the <%- contract.exportName %> contract accepts', () => {
    expect(<%- contract.exportName %>.safeParseDetail(<%- camelName %>Detail(request)).success).toBe(true);
  });
});
