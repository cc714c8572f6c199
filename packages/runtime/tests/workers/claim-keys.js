// A worker thread that races for idempotency keys in a shared folder: it waits for the start signal, then tries to
// put an INPROGRESS record for each key, and reports the keys it won. Loaded outside Jest, so TypeScript goes
// through tsx, as the platform's bundler CLI does.
const { parentPort, workerData } = require('node:worker_threads');
require('tsx/cjs/api').register();
const { IdempotencyConfig } = require('@aws-lambda-powertools/idempotency');
const { FilePersistenceLayer } = require('../../src/idempotency/file-layer.ts');

async function main() {
  const layer = new FilePersistenceLayer(workerData.dir);
  layer.configure({
    config: new IdempotencyConfig({ eventKeyJmesPath: 'key', throwOnNoIdempotencyKey: true }),
    keyPrefix: 'race',
  });
  const start = new Int32Array(workerData.start);
  Atomics.wait(start, 0, 0);
  const won = [];
  for (const key of workerData.keys) {
    try {
      await layer.saveInProgress({ key }, workerData.inProgressMs);
      won.push(key);
    } catch (error) {
      if (error.name !== 'IdempotencyItemAlreadyExistsError') throw error;
    }
  }
  parentPort.postMessage(won);
}

main().catch((error) => {
  throw error;
});
