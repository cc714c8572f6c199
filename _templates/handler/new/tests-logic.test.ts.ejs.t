---
to: <%- dir %>/tests/<%- name %>.test.ts
---
<%- imports.contracts %>
import { plan<%- pascalName %><%- publishes.map((p) => ', ' + p.functionName).join('') %> } from '../src/<%- name %>';

describe('plan<%- pascalName %>', () => {
  const detail = <%- contract.exportName %>.examples[0]!;

  it("keeps the event's detail under its event id", () => {
    expect(plan<%- pascalName %>(detail, 'event-1')).toEqual({
      key: 'events/event-1.json',
      record: {
        eventId: 'event-1',
        detail: <%- contract.exampleJson.split('\n').join('\n        ') %>,
      },
    });
  });

  it('keeps each event apart, so only the same event delivered again finds its record', () => {
    expect(plan<%- pascalName %>(detail, 'event-2').key).toBe('events/event-2.json');
  });
});
<% publishes.forEach(function (p) { -%>

describe('<%- p.functionName %>', () => {
  it('derives a valid <%- p.exportName %> from the handled event', () => {
    const published = <%- p.functionName %>(<%- contract.exportName %>.examples[0]!);
    expect(published).toEqual(<%- p.exampleJson.split('\n').join('\n    ') %>);
    expect(<%- p.exportName %>.safeParseDetail(published).success).toBe(true);
  });
});
<% }) -%>
