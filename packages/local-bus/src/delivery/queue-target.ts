import { type QueueDelivery } from '@paved/events';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type FunctionRule } from '../core/rules';
import { invokeBatch, recordBatchAttempts, Timers, type BufferedTarget } from './batch';
import { dlqRecord, outcomeRecord, type Delivery, type RetryContext } from './delivery';
import { type Target } from './functions';

/** SQS's advice, which the platform follows: a queue's visibility timeout is six times its function's timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

interface Message {
  readonly id: string;
  readonly delivery: Delivery;
  readonly sentAt: number;
  readonly md5: string;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  /** When it became visible (sent, or back after a failed receive): the batching window counts from here. */
  visibleSince: number;
  /** Resolves the delivery: the message was deleted (handled) or moved to the DLQ. */
  readonly done: () => void;
}

/**
 * EventBridge → SQS → Lambda for one rule (`delivery: { kind: 'queue' }`): the rule sends each event (its input, as
 * EventBridge's SQS target sends it: the body is the event JSON or the transformed input) to the rule's queue, and
 * an event source mapping polls it and invokes the function with an SQSEvent of up to `batchSize` messages, gathering
 * up to `maxBatchingWindowSeconds`, with at most `maxConcurrency` invocations running. The function answers with
 * `batchItemFailures` (ReportBatchItemFailures): those messages, or every message of an invocation that failed, become
 * visible again after the visibility timeout (six times the function's timeout, scaled by the bus's `timeScale`) and
 * are received again, alone or with whatever else is visible; the others are deleted. A message received
 * `maxReceiveCount` times without success moves, unchanged, to the handler's failure DLQ (SQS's redrive policy).
 *
 * The queue lives in memory; what makes it durable is the journal: an event stays pending for the rule until its
 * message is deleted or dead-lettered, so after a restart every message not yet done is sent again (receive counts
 * start over, as for a message whose visibility timed out).
 */
export class QueueTarget implements BufferedTarget {
  /** Visible messages, oldest first. */
  private readonly visible: Message[] = [];
  private running = 0;
  private readonly timers = new Timers();
  private wake: { at: number } | undefined;

  constructor(
    private readonly rule: FunctionRule,
    private readonly target: Target,
    private readonly settings: QueueDelivery,
    private readonly context: RetryContext,
  ) {}

  send(delivery: Delivery): Promise<void> {
    return new Promise((resolve) => {
      const now = Date.now();
      this.visible.push({
        id: randomUUID(),
        delivery,
        sentAt: now,
        md5: createHash('md5').update(delivery.payload).digest('hex'),
        receiveCount: 0,
        firstReceivedAt: undefined,
        visibleSince: now,
        done: resolve,
      });
      this.poll(0);
    });
  }

  close(): void {
    this.timers.clear();
  }

  /** Polls again in `ms` (the earliest wake-up wins). */
  private poll(ms: number): void {
    const at = Date.now() + ms;
    if (this.wake && this.wake.at <= at) return;
    const wake = { at };
    this.wake = wake;
    this.timers.after(ms, () => {
      if (this.wake === wake) this.wake = undefined;
      this.receive();
    });
  }

  /** Receives batches while there are visible messages and room under `maxConcurrency`. */
  private receive(): void {
    const { batchSize, maxBatchingWindowSeconds, maxConcurrency } = this.settings;
    const windowMs = maxBatchingWindowSeconds * 1000 * this.context.timeScale;
    while (!this.context.closed && this.visible.length > 0 && this.running < (maxConcurrency ?? Infinity)) {
      if (this.visible.length < batchSize && windowMs > 0) {
        const wait = this.visible[0]!.visibleSince + windowMs - Date.now();
        if (wait > 0) return this.poll(wait);
      }
      const batch = this.visible.splice(0, batchSize);
      this.running += 1;
      void this.invoke(batch).finally(() => {
        this.running -= 1;
        this.poll(0);
      });
    }
  }

  private async invoke(batch: Message[]): Promise<void> {
    const { rule, context } = this;
    const receivedAt = Date.now();
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceivedAt ??= receivedAt;
    }
    const requestId = randomUUID();
    const invocation = await invokeBatch(
      this.target,
      requestId,
      JSON.stringify({ Records: batch.map((message) => this.sqsRecord(message)) }),
      batch.map((message) => message.id),
    );
    if (context.closed) return;
    const items = batch.map((m) => ({ delivery: m.delivery, id: m.id, invokes: m.receiveCount }));
    recordBatchAttempts(context, 'queue', { id: randomUUID(), attempt: 1 }, items, invocation);
    const visibilityMs =
      rule.subscription.timeoutSeconds * 1000 * VISIBILITY_TIMEOUT_FACTOR * context.timeScale;
    for (const message of batch) {
      const { accepted } = message.delivery;
      if (!invocation.failed.has(message.id)) {
        context.record(outcomeRecord(accepted, rule.name, 'succeeded'));
        message.done();
      } else if (message.receiveCount >= this.settings.maxReceiveCount) {
        // SQS's redrive policy moves the message as it is: the body the rule sent, nothing added.
        context.record(dlqRecord(message.delivery, rule.failureQueue, message.delivery.payload, {}));
        const why = invocation.error ? `${invocation.error.errorType}: ${invocation.error.errorMessage}` : '';
        context.record(
          outcomeRecord(
            accepted,
            rule.name,
            'failed',
            rule.failureQueue,
            `maxReceiveCount (${this.settings.maxReceiveCount}) reached: ${why}`,
          ),
        );
        message.done();
      } else {
        this.timers.after(Math.max(0, receivedAt + visibilityMs - Date.now()), () => {
          message.visibleSince = Date.now();
          this.visible.push(message);
          this.poll(0);
        });
      }
    }
  }

  /** One message as Lambda's SQS event source mapping delivers it (see the SQSRecord type of @types/aws-lambda). */
  private sqsRecord(message: Message): object {
    const { place } = this.context;
    return {
      messageId: message.id,
      receiptHandle: randomBytes(48).toString('base64'),
      body: message.delivery.payload,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        // EventBridge sends as the service; its principal id is AWS's own. Locally, the account.
        SenderId: place.accountId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
      },
      messageAttributes: {},
      md5OfBody: message.md5,
      eventSource: 'aws:sqs',
      eventSourceARN: this.rule.buffer?.arn,
      awsRegion: place.region,
    };
  }
}
