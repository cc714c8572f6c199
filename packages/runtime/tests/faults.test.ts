import { HANDLER_ENV } from '@paved/events';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineHandler,
  FAULTS_ENV,
  HandlerError,
  type HandlerOptions,
  InjectedFaultError,
  memoryIdempotencyStore,
  runOnce,
} from '../src';
import { NotifyPartner } from './support/contracts';
import { loadEvent } from './support/fixtures';
import { fakeContext } from './support/lambda-context';
import { captureLogs } from './support/logs';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => {
  logs.restore();
  delete process.env[FAULTS_ENV];
});

/** A handler that makes one effect through the runtime (what an email is), counting what really happens. */
function handlerWithEffect(options: HandlerOptions = {}) {
  const effects = jest.fn(async () => 'sent');
  const runs = jest.fn();
  const handler = defineHandler(
    NotifyPartner,
    async (order) => {
      runs();
      const { value } = await runOnce(`partner:${order.orderId}`, effects, { namespace: 'orders#partner' });
      return { value };
    },
    options,
  );
  return { handler, effects, runs };
}

/** The injected fault behind a handler's failure. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HandlerError);
  return (error as HandlerError).cause;
}

describe('PAVED_FAULTS, the local fault switch', () => {
  it.each([
    ['before-handler', 0, 0],
    ['before-effect:1', 1, 0],
    ['after-effect:1', 1, 1],
    ['after-handler', 1, 1],
  ])(
    'fails the first attempt at %s, once per event: the retry goes on and the effect happens once',
    async (point, runsBeforeRetry, effectsBeforeRetry) => {
      process.env[FAULTS_ENV] = point;
      const { handler, effects, runs } = handlerWithEffect();
      const cause = await failure(handler(loadEvent('order-created'), fakeContext()));
      expect(cause).toBeInstanceOf(InjectedFaultError);
      expect(cause).toMatchObject({
        code: 'INJECTED_FAULT',
        point,
        handler: 'orders-notify-partner',
        message: expect.stringContaining(
          `Injected fault ${point} (PAVED_FAULTS) in handler orders-notify-partner`,
        ),
      });
      expect([runs.mock.calls.length, effects.mock.calls.length]).toEqual([
        runsBeforeRetry,
        effectsBeforeRetry,
      ]);

      await expect(handler(loadEvent('order-created'), fakeContext())).resolves.toEqual({ value: 'sent' });
      expect(effects).toHaveBeenCalledTimes(1);
      // Which points fired is kept with the records, so every worker of the local bus agrees.
      const marks = join(process.env[HANDLER_ENV.localIdempotencyDir]!, 'faults');
      expect(existsSync(marks) && readdirSync(marks)).toHaveLength(1);
    },
  );

  it('fails each event once: another event fails at the point too', async () => {
    process.env[FAULTS_ENV] = 'after-effect:1';
    const { handler } = handlerWithEffect();
    const other = { ...(loadEvent('order-created') as object), id: 'another-event' };
    await expect(failure(handler(loadEvent('order-created'), fakeContext()))).resolves.toBeInstanceOf(
      InjectedFaultError,
    );
    await expect(failure(handler(other, fakeContext()))).resolves.toBeInstanceOf(InjectedFaultError);
  });

  it('names no effect that was not made: a point past the last effect is never reached', async () => {
    process.env[FAULTS_ENV] = 'before-effect:2';
    const { handler, effects } = handlerWithEffect();
    await expect(handler(loadEvent('order-created'), fakeContext())).resolves.toEqual({ value: 'sent' });
    expect(effects).toHaveBeenCalledTimes(1);
  });

  it('is off unless PAVED_LOCAL=1: AWS ignores it', async () => {
    process.env[FAULTS_ENV] = 'before-handler';
    const local = process.env[HANDLER_ENV.local];
    delete process.env[HANDLER_ENV.local];
    try {
      // Records in memory: without PAVED_LOCAL the environment would ask for AWS's table.
      const { handler, effects } = handlerWithEffect({ idempotencyStore: memoryIdempotencyStore() });
      await expect(handler(loadEvent('order-created'), fakeContext())).resolves.toEqual({ value: 'sent' });
      expect(effects).toHaveBeenCalledTimes(1);
    } finally {
      process.env[HANDLER_ENV.local] = local;
    }
  });

  it('refuses a point that does not exist, saying which ones do', async () => {
    process.env[FAULTS_ENV] = 'after-handler,before-publish';
    const { handler } = handlerWithEffect();
    await expect(failure(handler(loadEvent('order-created'), fakeContext()))).resolves.toMatchObject({
      code: 'FAULT_SPEC_INVALID',
      message:
        'PAVED_FAULTS="after-handler,before-publish" names "before-publish", which is not a fault point. Use ' +
        'before-handler, after-handler, before-effect:<k> or after-effect:<k> (k from 1), comma-separated, or unset it.',
    });
  });
});
