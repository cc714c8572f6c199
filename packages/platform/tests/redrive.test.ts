import { readDeadLetter, UnrecognizedDeadLetterError } from '../src';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'OrderCreated',
  source: 'paved.fixtures.orders',
  account: '111111111111',
  time: '2025-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { orderId: 'o-1' },
};

describe('readDeadLetter', () => {
  it('reads a Lambda on-failure destination record: the original event, the function and why it failed', () => {
    const record = {
      version: '1.0',
      timestamp: '2025-01-01T00:05:00.000Z',
      requestContext: {
        requestId: 'r-1',
        functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:reserve-stock:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'stock service down', trace: [] },
    };
    expect(readDeadLetter(JSON.stringify(record))).toEqual({
      kind: 'failure',
      event,
      functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:reserve-stock:$LATEST',
      reason: 'RetriesExhausted - Error: stock service down',
    });
  });

  it('reads an undelivered event, which EventBridge puts in the delivery DLQ as it is', () => {
    expect(readDeadLetter(JSON.stringify(event))).toEqual({ kind: 'delivery', event });
  });

  it('refuses a failure record without its event, pointing at the archive', () => {
    const record = { requestContext: { requestId: 'r-2' }, requestPayload: null };
    expect(() => readDeadLetter(JSON.stringify(record))).toThrow(
      'On-failure record r-2 carries no event (requestPayload is null). Replay the event from the bus archive instead (README: Redriving).',
    );
  });

  it('refuses anything else, with a stable code', () => {
    for (const body of ['not json', '{"hello":"world"}']) {
      try {
        readDeadLetter(body);
        throw new Error('expected an error');
      } catch (error) {
        expect(error).toBeInstanceOf(UnrecognizedDeadLetterError);
        expect((error as UnrecognizedDeadLetterError).code).toBe('UNRECOGNIZED_DEAD_LETTER');
      }
    }
  });
});
