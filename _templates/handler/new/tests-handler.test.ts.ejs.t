---
to: <%- dir %>/tests/handler.test.ts
---
import { join } from 'node:path';
import { fakeContext, loadSampleEvents } from '@paved/testing';
import { handler } from '../src/handler';

const samples = loadSampleEvents(join(__dirname, '..', 'events'));

describe('<%- name %> handler', () => {
  it.each(samples.valid)('handles the valid sample $file', async ({ event }) => {
    await expect(handler(event, fakeContext())).resolves.toEqual({
      idempotencyKey: `<%- projectName %>:${event.id}`,
      detail: event.detail,
    });
  });

  it.each([
<% invalidSamples.forEach(function (sample) { -%>
    { file: '<%- sample.file %>', path: '<%- sample.issuePath %>' },
<% }) -%>
  ])('rejects $file as invalid, naming $path', async ({ file, path }) => {
    const rejection = handler(samples.get(file).event, fakeContext());
    await expect(rejection).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      issues: expect.arrayContaining([expect.objectContaining({ path })]),
    });
    await expect(rejection).rejects.toThrow(path);
  });
});
