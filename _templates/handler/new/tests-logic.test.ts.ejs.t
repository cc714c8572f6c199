---
to: <%- dir %>/tests/<%- name %>.test.ts
---
import { <%- contract.exportName %> } from '../src/schema';
import { plan<%- pascalName %> } from '../src/<%- name %>';

describe('plan<%- pascalName %>', () => {
  const detail = <%- contract.exportName %>.examples[0]!;

  it('keys side effects by the event id, so a redelivered event is recognised', () => {
    expect(plan<%- pascalName %>(detail, 'event-1').idempotencyKey).toBe(plan<%- pascalName %>(detail, 'event-1').idempotencyKey);
    expect(plan<%- pascalName %>(detail, 'event-1').idempotencyKey).not.toBe(plan<%- pascalName %>(detail, 'event-2').idempotencyKey);
  });

  it('carries the detail it decided on', () => {
    expect(plan<%- pascalName %>(detail, 'event-1').detail).toEqual(detail);
  });
});
