import { type Context } from 'aws-lambda';

/**
 * A Lambda context for calling a handler in a test, as Lambda would pass it.
 *
 * @example
 * await handler(event, fakeContext({ functionName: 'orders-reserve-stock' }));
 */
export function fakeContext(overrides: Partial<Context> = {}): Context {
  const functionName = overrides.functionName ?? 'test-function';
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]abcdef0123456789',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}
