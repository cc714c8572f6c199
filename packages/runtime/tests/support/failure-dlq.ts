import { SendMessageCommand, type SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { HANDLER_ENV } from '@paved/events';
import { mockClient } from 'aws-sdk-client-mock';
import { captureLogs } from './logs';

/** One message the runtime sent to the failure DLQ: its queue, its body parsed, and its attributes. */
export interface SentToFailureDlq {
  readonly queueUrl: string | undefined;
  readonly record: Record<string, unknown>;
  readonly attributes: SendMessageCommandInput['MessageAttributes'];
}

/**
 * For the tests of this file: the function's failure DLQ is `queueUrl` (`PAVED_FAILURE_DLQ_URL`), SQS is mocked and
 * answers `messageId`, and the runtime's log lines are captured; each test starts with no message sent and no line.
 */
export function useFailureDlq(queueUrl: string, messageId: string) {
  const sqs = mockClient(SQSClient);
  let logs: ReturnType<typeof captureLogs> | undefined;
  beforeEach(() => {
    sqs.reset().on(SendMessageCommand).resolves({ MessageId: messageId });
    process.env[HANDLER_ENV.failureDlqUrl] = queueUrl;
    logs = captureLogs();
  });
  afterEach(() => {
    logs?.restore();
    delete process.env[HANDLER_ENV.failureDlqUrl];
  });
  afterAll(() => sqs.restore());
  return {
    sqs,
    /** The log lines of the running test. */
    logs: () => logs!,
    /** What was sent to the failure DLQ so far. */
    sent: (): SentToFailureDlq[] =>
      sqs.commandCalls(SendMessageCommand).map((call) => {
        const input = call.args[0].input as SendMessageCommandInput;
        return {
          queueUrl: input.QueueUrl,
          record: JSON.parse(input.MessageBody ?? '') as Record<string, unknown>,
          attributes: input.MessageAttributes,
        };
      }),
  };
}
