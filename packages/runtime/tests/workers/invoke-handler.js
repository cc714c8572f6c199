// A worker thread that runs one invocation of the fixture handler, as a local bus worker does: it waits for the
// start signal, invokes, and reports what the handler resolved to (or how it failed).
const { parentPort, workerData } = require('node:worker_threads');
require('tsx/cjs/api').register();
const { handler } = require('../fixtures/handlers/count-effects.ts');

async function main() {
  Object.assign(process.env, workerData.env);
  const start = new Int32Array(workerData.start);
  Atomics.wait(start, 0, 0);
  const deadline = Date.now() + 20_000;
  const context = {
    awsRequestId: `worker-${workerData.index}`,
    functionName: 'runtime-count-effects',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:runtime-count-effects',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    parentPort.postMessage({ outcome: await handler(workerData.event, context) });
  } catch (error) {
    parentPort.postMessage({ error: `${error.name}: ${error.message}` });
  }
}

main();
