// One Lambda execution environment: a worker thread that loads one handler bundle and runs one invocation at a
// time. Plain JavaScript because a worker thread cannot load TypeScript itself; the bus bundles the handler
// with esbuild first (as the CDK's NodejsFunction does), so no TypeScript loader runs in here.
'use strict';
const Module = require('node:module');
const { dirname } = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

process.setSourceMapsEnabled(true);

const { entry, exportName, code, functionName, memorySizeMb, region, accountId } = workerData;
const MAX_LOG_BYTES = 64 * 1024;

// Lambda sends a function's output to its log stream; here it goes with the invocation's result, so the
// console can show each attempt's logs. Output between invocations goes to the next one.
let logs = '';
let logBytes = 0;
const capture = (chunk, encoding, callback) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
  if (logBytes < MAX_LOG_BYTES) {
    logs += text.slice(0, MAX_LOG_BYTES - logBytes);
    logBytes += text.length;
    if (logBytes >= MAX_LOG_BYTES) logs += '\n[paved: log output truncated at 64 KiB]\n';
  }
  const done = typeof encoding === 'function' ? encoding : callback;
  if (typeof done === 'function') done();
  return true;
};
process.stdout.write = capture;
process.stderr.write = capture;

let handler;
let loadError;
try {
  const mod = new Module(entry, null);
  mod.filename = entry;
  mod.paths = Module._nodeModulePaths(dirname(entry));
  mod._compile(code, entry);
  handler = mod.exports[exportName];
  if (typeof handler !== 'function') {
    loadError = {
      code: 'Runtime.HandlerNotFound',
      message: `${entry} has no function export named "${exportName}" (found: ${Object.keys(mod.exports).join(', ') || 'no exports'}). Export the Lambda entry point as "${exportName}", or set exportName in the subscription.`,
    };
  }
} catch (error) {
  loadError = {
    code: 'Runtime.ImportModuleError',
    message: `Could not load ${entry}: ${error && error.stack ? error.stack : String(error)}`,
  };
}

function toFunctionError(error) {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack || '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

// A handler that crashes its environment (process.exit, an uncaught exception) ends this worker, not the bus;
// first tell the bus which invocation died and what it logged, as Lambda's runtime does before it restarts.
let current;
const realExit = process.exit.bind(process);
process.exit = (code) => {
  if (current) parentPort.postMessage({ requestId: current, ok: false, crashed: true, exitCode: code ?? 0, logs });
  realExit(code);
};
process.on('uncaughtException', (error) => {
  if (current) parentPort.postMessage({ requestId: current, ok: false, crashed: true, error: toFunctionError(error), logs });
  realExit(1);
});

parentPort.on('message', async (message) => {
  const { requestId, event, timeoutMs } = message;
  current = requestId;
  if (loadError) {
    parentPort.postMessage({ requestId, undeliverable: loadError });
    return;
  }
  logs = '';
  logBytes = 0;
  const startedAt = performance.timeOrigin + performance.now();
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(memorySizeMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${requestId.replace(/-/g, '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const response = await (handler.length >= 3
      ? new Promise((resolve, reject) => {
          const result = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
          if (result && typeof result.then === 'function') result.then(resolve, reject);
        })
      : handler(event, context));
    let payload;
    try {
      payload = response === undefined ? null : JSON.parse(JSON.stringify(response));
    } catch {
      payload = null;
    }
    current = undefined;
    parentPort.postMessage({ requestId, ok: true, startedAt, endedAt: performance.timeOrigin + performance.now(), response: payload, logs });
  } catch (error) {
    current = undefined;
    parentPort.postMessage({ requestId, ok: false, startedAt, endedAt: performance.timeOrigin + performance.now(), error: toFunctionError(error), logs });
  }
});
