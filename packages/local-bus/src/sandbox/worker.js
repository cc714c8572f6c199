// A shared execution host: one worker thread that loads many handlers' bundles (each on its first invocation
// here, then cached) and runs many invocations at once, as handlers are async. Plain JavaScript because a
// worker thread cannot load TypeScript itself; the bus bundles each handler with esbuild first (as the CDK's
// NodejsFunction does), so no TypeScript loader runs in here.
//
// What keeps handlers that share this thread apart: every invocation runs inside an AsyncLocalStorage context
// naming it and its function, so `process.env` (a proxy) shows each function its own environment, console
// output goes to the invocation that wrote it, and a crash (process.exit, an uncaught exception or rejection)
// names the invocation that caused it. The pool then replaces this worker and re-runs the others.
// Messages both ways are batched per turn of the event loop: see ./messages.ts for their shapes.
'use strict';
const Module = require('node:module');
const { AsyncLocalStorage } = require('node:async_hooks');
const { dirname } = require('node:path');
const { parentPort } = require('node:worker_threads');

process.setSourceMapsEnabled(true);

const MAX_LOG_BYTES = 64 * 1024;
/** @type {AsyncLocalStorage<{ fn: Fn, inv: Inv | undefined }>} */
const storage = new AsyncLocalStorage();
/** `spec` is the function's FunctionSpec but its environment thunk (see ./messages.ts), `env` that environment. */
/** @typedef {{ spec: object, env: Record<string, string>, handler?: Function, loadError?: { code: string, message: string } }} Fn */
/** `trace`: the invocation's X-Ray trace header, its `_X_AMZN_TRACE_ID` (see InvokeMessage in ./messages.ts). */
/** @typedef {{ id: number, logs: string, logBytes: number, trace?: string }} Inv */
/** @type {Map<number, Fn>} */
const functions = new Map();
const baseEnv = { ...process.env };

// Each function sees its own environment (the bus's, plus its subscription's) through process.env, even when
// its code reads it from a callback or a module loaded later: the context follows every async continuation.
// On top of it, each invocation sees its own `_X_AMZN_TRACE_ID`, as Lambda sets it per invocation with active
// tracing: the X-Ray header whose Root is the trace of the event it runs on (the runtime continues that trace
// when the event carries no traceparent of its own, as S3's events do not).
const TRACE_KEY = '_X_AMZN_TRACE_ID';
const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
const currentEnv = () => storage.getStore()?.fn.env ?? baseEnv;
/** The running invocation, when it has a trace header. */
const tracedInv = (key) => {
  if (key !== TRACE_KEY) return undefined;
  const inv = storage.getStore()?.inv;
  return inv && inv.trace !== undefined ? inv : undefined;
};
const envValue = (key) => {
  const inv = tracedInv(key);
  return inv ? inv.trace : currentEnv()[key];
};
const setEnv = (key, value) => {
  const inv = tracedInv(key);
  if (inv) inv.trace = String(value);
  else currentEnv()[key] = String(value);
  return true;
};
process.env = new Proxy(
  {},
  {
    get: (_, key) => (typeof key === 'string' ? envValue(key) : undefined),
    set: (_, key, value) => setEnv(key, value),
    has: (_, key) => tracedInv(key) !== undefined || hasOwn(currentEnv(), key),
    deleteProperty: (_, key) => {
      const inv = tracedInv(key);
      if (inv) inv.trace = undefined;
      delete currentEnv()[key];
      return true;
    },
    ownKeys: () => {
      const keys = Reflect.ownKeys(currentEnv());
      return tracedInv(TRACE_KEY) && !keys.includes(TRACE_KEY) ? [...keys, TRACE_KEY] : keys;
    },
    getOwnPropertyDescriptor: (_, key) =>
      tracedInv(key) !== undefined || hasOwn(currentEnv(), key)
        ? { value: envValue(key), writable: true, enumerable: true, configurable: true }
        : undefined,
    defineProperty: (_, key, descriptor) => setEnv(key, descriptor.value),
  },
);

// Lambda sends a function's output to its log stream; here it goes with the invocation's result, so the
// console can show each attempt's logs. Output outside any invocation (after it ended) is dropped.
const capture = (chunk, encoding, callback) => {
  const inv = storage.getStore()?.inv;
  if (inv && inv.logBytes < MAX_LOG_BYTES) {
    const text =
      typeof chunk === 'string'
        ? chunk
        : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    inv.logs += text.slice(0, MAX_LOG_BYTES - inv.logBytes);
    inv.logBytes += text.length;
    if (inv.logBytes >= MAX_LOG_BYTES) inv.logs += '\n[paved: log output truncated at 64 KiB]\n';
  }
  const done = typeof encoding === 'function' ? encoding : callback;
  if (typeof done === 'function') done();
  return true;
};
process.stdout.write = capture;
process.stderr.write = capture;

// Results go out as one JSON text per turn of the event loop: one string is cheap to pass between threads.
let outbox = [];
let flushScheduled = false;
function send(message) {
  outbox.push(JSON.stringify(message));
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
function flush() {
  flushScheduled = false;
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  parentPort.postMessage(`[${batch.join(',')}]`);
}

function toFunctionError(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      trace: String(error.stack || '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

// A handler that crashes its environment ends this worker, as it would end a Lambda runtime. First the results
// already computed go out, then which invocation crashed and what it logged; the pool re-runs the rest.
const realExit = process.exit.bind(process);
function crash(details) {
  const inv = storage.getStore()?.inv;
  flush();
  parentPort.postMessage(
    JSON.stringify([{ t: 'crash', id: inv ? inv.id : undefined, logs: inv ? inv.logs : '', ...details }]),
  );
}
process.exit = (code) => {
  const exitCode = code ?? process.exitCode ?? 0;
  crash({ exitCode: Number(exitCode) || 0 });
  realExit(exitCode);
};
process.on('uncaughtException', (error) => {
  crash({ error: toFunctionError(error) });
  realExit(1);
});
// Lambda's Node.js runtime treats an unhandled rejection as fatal, with its own error type.
process.on('unhandledRejection', (reason) => {
  const error = toFunctionError(reason);
  crash({
    error: {
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: `${error.errorType}: ${error.errorMessage}`,
      trace: error.trace,
    },
  });
  realExit(1);
});

function load(fn) {
  const { entry, exportName, version } = fn.spec;
  try {
    // Beside the entry, as bundle.ts names the bundle (its source map's paths are relative to that folder), with the
    // version in the name: Node caches source maps by file name, and two versions may run side by side.
    const filename = `${entry.replace(/\.[cm]?[jt]sx?$/, '')}.v${version}.bundle.js`;
    const mod = new Module(filename, null);
    mod.filename = filename;
    mod.paths = Module._nodeModulePaths(dirname(entry));
    mod._compile(fn.spec.code, filename);
    fn.handler = mod.exports[exportName];
    if (typeof fn.handler !== 'function') {
      fn.loadError = {
        code: 'Runtime.HandlerNotFound',
        message: `${entry} has no function export named "${exportName}" (found: ${Object.keys(mod.exports).join(', ') || 'no exports'}). Export the Lambda entry point as "${exportName}", or set exportName in the subscription.`,
      };
    }
  } catch (error) {
    fn.loadError = {
      code: 'Runtime.ImportModuleError',
      message: `Could not load ${entry}: ${error && error.stack ? error.stack : String(error)}`,
    };
  }
  // The bundle is compiled: its text is not needed again.
  fn.spec.code = undefined;
}

/**
 * An invocation's start and end on the clock the bus stamps everything else with (Date.now(), in the main thread),
 * its duration from the monotonic clock. `performance.timeOrigin + performance.now()` is not that clock: it is the
 * wall time when the thread started plus monotonic time since, and drifts from Date.now() whenever the system clock is
 * adjusted (seconds, on a loaded VM), which put attempts before the events that caused them in the trace view.
 */
function stopwatch() {
  const startedAt = Date.now();
  const t0 = performance.now();
  return { startedAt, end: () => startedAt + (performance.now() - t0) };
}

async function invoke(fn, inv, message) {
  const { requestId, event } = message;
  // The first invocation of a function here loads it (Lambda's init phase), inside its context, so what the
  // module logs or reads from the environment at load is the function's.
  if (!fn.handler && !fn.loadError) load(fn);
  if (fn.loadError) {
    send({ t: 'undeliverable', id: inv.id, code: fn.loadError.code, message: fn.loadError.message });
    return;
  }
  const { name, arn, memorySizeMb, timeoutSeconds } = fn.spec;
  const clock = stopwatch();
  const { startedAt } = clock;
  const deadline = Date.now() + timeoutSeconds * 1000;
  const context = {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: String(memorySizeMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `local/[$LATEST]${requestId.replace(/-/g, '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const handler = fn.handler;
  try {
    const value = await (handler.length >= 3
      ? new Promise((resolve, reject) => {
          const result = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
          if (result && typeof result.then === 'function') result.then(resolve, reject);
        })
      : handler(event, context));
    // What an asynchronous invocation returns goes nowhere (see DoneMessage); a synchronous one's is the answer,
    // serialized as Lambda serializes it (undefined is null).
    let result;
    if (message.sync) {
      try {
        result = JSON.stringify(value === undefined ? null : value);
      } catch (error) {
        throw Object.assign(new Error(`Unable to stringify the response: ${error && error.message}`), {
          name: 'Runtime.MarshalError',
        });
      }
    }
    send({ t: 'done', id: inv.id, ok: true, startedAt, endedAt: clock.end(), logs: inv.logs, result });
  } catch (error) {
    send({
      t: 'done',
      id: inv.id,
      ok: false,
      startedAt,
      endedAt: clock.end(),
      error: toFunctionError(error),
      logs: inv.logs,
    });
  }
  // Output after the result was sent belongs to no attempt any more.
  inv.logBytes = MAX_LOG_BYTES;
}

parentPort.on('message', (data) => {
  const batch = typeof data === 'string' ? JSON.parse(data) : data;
  for (const message of batch) {
    if (message.t === 'load') {
      const fn = { spec: message.spec, env: { ...baseEnv, ...message.env } };
      functions.set(message.fn, fn);
      if (message.warm) storage.run({ fn, inv: undefined }, () => load(fn));
    } else if (message.t === 'unload') {
      // A newer version of the handler replaced this one: invocations already started keep it (their closure
      // holds it) and finish on it; once they end, nothing refers to the old module and it is collected.
      functions.delete(message.fn);
    } else if (message.t === 'invoke') {
      const fn = functions.get(message.fn);
      const inv = { id: message.id, logs: '', logBytes: 0, trace: message.trace };
      storage.run({ fn, inv }, () => void invoke(fn, inv, message));
    }
  }
});
