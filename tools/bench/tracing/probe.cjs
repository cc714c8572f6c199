// One cold start, in a fresh Node process: performance.now() counts from the process's start, so `bootMs` includes
// Node's own start and whatever --require preloaded (the layer approach's wrapper). Then the bundle is required and
// its handler invoked once, as Lambda's runtime does. Prints one JSON line.
'use strict';
const bootMs = performance.now();
const bundle = process.env.BENCH_BUNDLE;
const event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'OrderPlaced',
  source: 'bench.orders',
  account: '123456789012',
  time: '2026-12-06T12:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    orderId: 'o-1',
    total: 42,
    _meta: {
      correlationId: 'c-1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    },
  },
};
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
};
const started = performance.now();
const loaded = require(bundle);
const required = performance.now();
Promise.resolve(loaded.handler(event, context)).then(
  (result) => {
    const invoked = performance.now();
    if (!result || result.published !== 1) {
      console.error(`The handler did not publish: it returned ${JSON.stringify(result)}.`);
      process.exit(1);
    }
    // CPU time of the whole process so far (boot and preload included): less sensitive than wall time to other
    // processes competing for the cores.
    const cpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      `\n${JSON.stringify({ bootMs, requireMs: required - started, invokeMs: invoked - required, totalMs: invoked, cpuMs })}\n`,
    );
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
