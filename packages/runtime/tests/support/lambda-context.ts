import { type Context } from 'aws-lambda';

/** A Lambda context as the runtime passes it to a function named `orders-reserve-stock`. */
export function fakeContext(awsRequestId = 'c6af9ac6-7b61-11e6-9a41-93e812345678'): Context {
  const functionName = 'orders-reserve-stock';
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/03/14/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
