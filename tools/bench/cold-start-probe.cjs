// One cold start in a fresh Node process, as Lambda's runtime does it: require the bundle in BENCH_BUNDLE, invoke its
// handler once with the event in BENCH_EVENT_FILE, and check that the invocation succeeded. performance.now() counts
// from the process's start, so `bootMs` includes Node's own start and whatever --require preloaded. Prints one JSON
// line last, with the handler's answer (`result`) for the caller's own checks. Plain JavaScript, so that nothing else
// is loaded. The bundles and tracing benchmarks both run it.
'use strict';
const { readFileSync } = require('node:fs');

const bootMs = performance.now();
const event = JSON.parse(readFileSync(process.env.BENCH_EVENT_FILE, 'utf8'));
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
const cpuBoot = process.cpuUsage();
const started = performance.now();
const loaded = require(process.env.BENCH_BUNDLE);
const required = performance.now();
const cpuRequired = process.cpuUsage();

/** Why a handler's answer is not a success, or undefined when it is one. */
function failureOf(result) {
  if (result && Array.isArray(result.batchItemFailures) && result.batchItemFailures.length > 0)
    return `records failed: ${JSON.stringify(result.batchItemFailures)}`;
  if (result && typeof result.statusCode === 'number' && result.statusCode >= 300)
    return `status ${result.statusCode}: ${result.body}`;
  return undefined;
}

Promise.resolve(loaded.handler(event, context)).then(
  (result) => {
    const invoked = performance.now();
    const cpu = process.cpuUsage();
    const failure = failureOf(result);
    if (failure) {
      console.error(`The first invocation did not succeed: ${failure}`);
      process.exit(1);
    }
    process.stdout.write(
      `\n${JSON.stringify({
        bootMs,
        requireMs: required - started,
        invokeMs: invoked - required,
        totalMs: invoked,
        // User + system CPU time: disturbed less than wall time by other processes. requireCpuMs is the require
        // alone; cpuMs is the whole process's up to the first result (Node's boot included).
        requireCpuMs: (cpuRequired.user + cpuRequired.system - cpuBoot.user - cpuBoot.system) / 1000,
        cpuMs: (cpu.user + cpu.system) / 1000,
        result,
      })}\n`,
    );
    process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
