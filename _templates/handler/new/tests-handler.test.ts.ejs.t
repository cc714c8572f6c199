---
to: <%- dir %>/tests/handler.test.ts
---
import { <%- contract.exportName %> } from '<%- contract.packageName %>';
import { expectStoredOnce, loadSampleEvents, useLocalOutbox } from '@paved/testing';
import { handler } from '../src/handler';

const outbox = useLocalOutbox();

describe('<%- name %> handler', () => {
  it.each(loadSampleEvents(<%- contract.exportName %>).valid)('keeps one record of $file, however often it arrives', async ({ event }) => {
    await expect(expectStoredOnce(handler, event, outbox, '<%- storeName %>')).resolves.toEqual({
      key: `events/${event.id}.json`,
      stored: { eventId: event.id, detail: event.detail },
    });
  });
});
