import { SendMessageCommand, type SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { defineEvent, defineSubscription, HANDLER_ENV } from '@paved/events';
import { defineHandler, PermanentError } from '@paved/runtime';
import { type Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod';
import { readDeadLetter, redrivePayload, UnrecognizedDeadLetterError } from '../src';

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
      permanent: false,
    });
  });

  it('reads an undelivered event, which EventBridge puts in the delivery DLQ as it is', () => {
    expect(readDeadLetter(JSON.stringify(event))).toEqual({ kind: 'delivery', event, permanent: false });
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

  it('reads a permanent failure the runtime sent itself: the same record, marked by its attributes', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-7' });
    process.env[HANDLER_ENV.failureDlqUrl] =
      'https://sqs.eu-west-1.amazonaws.com/111111111111/reserve-stock-failure-dlq';
    process.env[HANDLER_ENV.local] = '1';
    try {
      const OrderCreated = defineEvent({
        source: 'paved.fixtures.orders',
        detailType: 'OrderCreated',
        detail: z.object({ orderId: z.string() }),
        description: 'An order.',
        examples: [{ orderId: 'o-1' }],
      });
      const subscription = defineSubscription({
        name: 'reserve-stock',
        service: 'inventory',
        contract: OrderCreated,
        entry: __filename,
        description: 'Reserves stock.',
      });
      const handler = defineHandler(subscription, () => {
        throw new PermanentError('Order o-1 was cancelled.');
      });
      const context = {
        awsRequestId: 'r-9',
        functionVersion: '$LATEST',
        invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:reserve-stock',
        getRemainingTimeInMillis: () => 10_000,
      } as Context;
      await expect(handler(event, context)).resolves.toMatchObject({ parked: true, messageId: 'm-7' });

      const message = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input as SendMessageCommandInput;
      const letter = readDeadLetter(message.MessageBody!, message.MessageAttributes);
      expect(letter).toEqual({
        kind: 'failure',
        event,
        functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:reserve-stock:$LATEST',
        reason: 'RetriesExhausted - PermanentError: Order o-1 was cancelled.',
        permanent: true,
        errorCode: 'PERMANENT_FAILURE',
      });
      // Redriven, it runs again: the runtime kept no record of the failed attempt, and the redrive is marked.
      expect(JSON.parse(redrivePayload(letter, 'm-7'))).toEqual({ ...event, 'paved-rerun': 'redrive:m-7' });
    } finally {
      sqs.restore();
      delete process.env[HANDLER_ENV.failureDlqUrl];
      delete process.env[HANDLER_ENV.local];
    }
  });
});

describe('redrivePayload', () => {
  it('marks the event as a redrive of one message, which makes the runtime run it whatever its record says', () => {
    const letter = readDeadLetter(JSON.stringify(event));
    expect(JSON.parse(redrivePayload(letter, 'msg-1'))).toEqual({ ...event, 'paved-rerun': 'redrive:msg-1' });
    // A redrive of a redriven message names the new message.
    const again = readDeadLetter(redrivePayload(letter, 'msg-1'));
    expect(JSON.parse(redrivePayload(again, 'msg-2'))['paved-rerun']).toBe('redrive:msg-2');
  });
});
