import { createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';
import { getEventContext } from './correlation';
import { PavedRuntimeError } from './errors';

/**
 * The local-only fault-injection switch, in the spirit of AWS FIS's Lambda faults: makes a handler fail at chosen
 * points of its first attempt at each event, so that a test (or a developer on `paved start`) can watch the bus's
 * retries and the runtime's idempotency turn at-least-once delivery into exactly-once effects.
 *
 * `PAVED_FAULTS` is a comma-separated list of points:
 * - `before-handler`: the handler's function is not run (its idempotency record was claimed);
 * - `after-handler`: it ran and returned, and the invocation fails before its record is completed;
 * - `before-effect:<k>` / `after-effect:<k>`: around the k-th effect (1-based) the invocation makes through the
 *   runtime: an email (`mailerOf`, any `runOnce`) or a `publish` call, failing before it starts or after it completed
 *   and was recorded.
 *
 * Each point fails once per handler and event id (the first time the point is reached), with
 * {@link InjectedFaultError}, a transient failure: Lambda's retries run the event again and that attempt goes on.
 * It is read only when `PAVED_LOCAL=1` (the local bus, `useLocalOutbox`), and ignored on AWS. Which points fired is
 * kept under `PAVED_IDEMPOTENCY_DIR/faults/` when set (shared by the bus's worker threads, like the records), else in
 * this process. Set it on one handler with its subscription's `environment`, or on all with the bus's environment.
 */
export const FAULTS_ENV = 'PAVED_FAULTS';

/** A handler made to fail by `PAVED_FAULTS` (see {@link FAULTS_ENV}): transient, so Lambda retries it. */
export class InjectedFaultError extends PavedRuntimeError {
  override readonly name: string = 'InjectedFaultError';
  readonly code = 'INJECTED_FAULT';

  constructor(
    /** The point that failed, such as `after-effect:1`. */
    readonly point: string,
    readonly handler: string,
    readonly eventId: string,
  ) {
    super(
      `Injected fault ${point} (${FAULTS_ENV}) in handler ${handler} on event ${JSON.stringify(eventId)}: the first ` +
        `attempt fails here, a retry goes on. Unset ${FAULTS_ENV} to stop injecting faults.`,
    );
  }
}

/** `PAVED_FAULTS` could not be read: a point it names does not exist. */
export class FaultSpecError extends PavedRuntimeError {
  override readonly name: string = 'FaultSpecError';
  readonly code = 'FAULT_SPEC_INVALID';
}

const POINT = /^(before-handler|after-handler|(before|after)-effect:[1-9]\d*)$/;

/** The points `PAVED_FAULTS` names, when faults are on (`PAVED_LOCAL=1`); undefined otherwise. */
function points(env: Readonly<Record<string, string | undefined>>): Set<string> | undefined {
  const spec = env[FAULTS_ENV];
  if (env[HANDLER_ENV.local] !== '1' || !spec) return undefined;
  const named = spec
    .split(',')
    .map((point) => point.trim())
    .filter(Boolean);
  const wrong = named.filter((point) => !POINT.test(point));
  if (wrong.length > 0) {
    throw new FaultSpecError(
      `${FAULTS_ENV}=${JSON.stringify(spec)} names ${wrong.map((point) => JSON.stringify(point)).join(', ')}, which ` +
        'is not a fault point. Use before-handler, after-handler, before-effect:<k> or after-effect:<k> (k from 1), ' +
        'comma-separated, or unset it.',
    );
  }
  return new Set(named);
}

/** Points fired in this process, when no folder is shared: one set for every bundle loaded in it. */
const firedHere: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('paved.faults.fired')] ??=
  new Set<string>()) as Set<string>;

/** Whether this is the first time `point` is reached for the handler and event: records that it now was. */
async function firstTime(key: string, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  const dir = env[HANDLER_ENV.localIdempotencyDir];
  if (!dir) {
    if (firedHere.has(key)) return false;
    firedHere.add(key);
    return true;
  }
  const folder = join(dir, 'faults');
  await mkdir(folder, { recursive: true });
  try {
    // Exclusive creation: of two attempts that reach the point at once, in any thread or process, one fails.
    await (await open(join(folder, createHash('sha256').update(key).digest('hex')), 'wx')).close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Fails here if `PAVED_FAULTS` names `point` and this handler has not failed here on this event before. */
async function inject(point: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const context = getEventContext();
  const scope = context?.effects;
  const eventId = context?.causationId;
  if (!scope || eventId === undefined || !points(env)?.has(point)) return;
  if (await firstTime(JSON.stringify([scope.owner, eventId, point]), env))
    throw new InjectedFaultError(point, scope.owner, eventId);
}

/** Effects begun by each invocation, by its effect scope (one object per invocation). */
const effectsBegun = new WeakMap<object, number>();

/**
 * Runs one effect of a handler's invocation (an email, a publish call) between its fault points
 * `before-effect:<k>` and `after-effect:<k>`. Outside a handler, or without `PAVED_FAULTS`, it just runs it.
 */
export async function withEffectFaults<T>(
  effect: () => Promise<T>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<T> {
  const scope = getEventContext()?.effects;
  if (!scope || !points(env)) return effect();
  const k = (effectsBegun.get(scope) ?? 0) + 1;
  effectsBegun.set(scope, k);
  await inject(`before-effect:${k}`, env);
  const result = await effect();
  await inject(`after-effect:${k}`, env);
  return result;
}

/**
 * The handler's function between its fault points `before-handler` and `after-handler` (inside its idempotent run,
 * so a failure releases the record and the retry runs it again). Without `PAVED_FAULTS` it is `fn` itself, called.
 */
export function withHandlerFaults<A extends unknown[], R>(
  fn: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const env = process.env;
    if (!points(env)) return fn(...args);
    await inject('before-handler', env);
    const result = await fn(...args);
    await inject('after-handler', env);
    return result;
  };
}
