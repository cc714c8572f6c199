import { EventBridgeServiceException } from '@aws-sdk/client-eventbridge';
import { backoffDelay, isRetryableCallError, isRetryableEntryCode } from '../src/publisher/retry';

describe('backoffDelay', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the ceiling on each retry, up to maxDelayMs', () => {
    const ceilings = [1, 2, 3, 4, 5, 6].map((retry) =>
      backoffDelay(retry, { ...options, random: () => 0.999999 }),
    );
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('draws the whole delay at random (full jitter)', () => {
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.25 })).toBe(100);
  });
});

describe('retry classification', () => {
  it.each([
    ['ThrottlingException', true],
    ['InternalException', true],
    ['InternalFailure', true],
    ['ValidationException', false],
    ['AccessDeniedException', false],
    ['MalformedDetail', false],
    ['NotAuthorizedForSourceException', false],
    ['InvalidArgument', false],
  ])('retries an entry that failed with %s: %s', (code, retryable) => {
    expect(isRetryableEntryCode(code)).toBe(retryable);
  });

  const service = (name: string, httpStatusCode: number) =>
    new EventBridgeServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });

  it.each([
    ['throttling', service('ThrottlingException', 400), true],
    ['HTTP 429', service('TooManyRequests', 429), true],
    ['HTTP 502', service('BadGateway', 502), true],
    ['an error the SDK marks retryable', Object.assign(service('Whatever', 400), { $retryable: {} }), true],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      true,
    ],
    ['access denied', service('AccessDeniedException', 400), false],
    ['a validation error', service('ValidationException', 400), false],
    ['a missing bus', service('ResourceNotFoundException', 400), false],
    ['a programming error', new TypeError('entries is not iterable'), false],
    ['a thrown string', 'boom', false],
  ])('repeats a call that failed with %s: %s', (_what, error, retryable) => {
    expect(isRetryableCallError(error)).toBe(retryable);
  });
});
