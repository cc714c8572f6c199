import { defineHandler, runOnce } from '../src';
import { NotifyPartner } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('runOnce', () => {
  it('runs an operation once per key and namespace, returning the first result to a repeat', async () => {
    const charge = jest.fn(async () => ({ chargeId: 'ch-1' }));
    const first = await runOnce('order:o-1', charge, { namespace: 'orders#charges' });
    const repeat = await runOnce('order:o-1', charge, { namespace: 'orders#charges' });
    const elsewhere = await runOnce('order:o-1', charge, { namespace: 'billing#charges' });
    expect([first, repeat, elsewhere]).toEqual([
      { value: { chargeId: 'ch-1' }, repeated: false },
      { value: { chargeId: 'ch-1' }, repeated: true },
      { value: { chargeId: 'ch-1' }, repeated: false },
    ]);
    expect(charge).toHaveBeenCalledTimes(2);
  });

  it('runs it again after it threw, and throws its own error', async () => {
    const flaky = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('gateway timeout'))
      .mockResolvedValueOnce('paid');
    await expect(runOnce('k', flaky, { namespace: 'n' })).rejects.toThrow('gateway timeout');
    await expect(runOnce('k', flaky, { namespace: 'n' })).resolves.toEqual({
      value: 'paid',
      repeated: false,
    });
  });

  it("inside a handler, keeps its record with the handler's, so the retried delivery does not repeat it", async () => {
    const notify = jest.fn(async () => 'notified');
    let attempts = 0;
    const handler = defineHandler(NotifyPartner, async (order) => {
      await runOnce(`partner:${order.orderId}`, notify, { namespace: 'orders#partner' });
      attempts += 1;
      if (attempts === 1) throw new Error('later step failed');
    });
    await handler(loadEvent('order-created'), fakeContext()).catch(() => undefined);
    await handler(loadEvent('order-created'), fakeContext());
    expect(notify).toHaveBeenCalledTimes(1);
  });
});
