import { targetInputOf, transformInput } from '@paved/events';
import { eventJson, eventTime, type BusEvent } from '../core/event';
import { type AcceptedRecord, type DlqRecord } from '../journal/records';
import { type FunctionRule, type Place } from '../core/rules';
import { failedPayload } from './batch';

/** What one rule's function is given for one event: the JSON text it is invoked with, or why it gets nothing. */
export type DeliveryInput =
  | { readonly kind: 'payload'; readonly payload: string }
  | { readonly kind: 'dropped'; readonly reason: string };

/**
 * The payload EventBridge would invoke the rule's function with for this event: the event's JSON, or what the
 * subscription's `input` makes of it (with `transformInput`, the engine held to AWS's recorded cases). Made once
 * per event and rule: retries invoke the function with the same payload.
 *
 * - Lambda takes the payload as JSON and the runtime parses it: the handler's event is that value, an object, a
 *   string (a string template's `"…"`), a number, whatever the input makes.
 * - When EventBridge delivers nothing (an `InputPath` that selects nothing, a JSON template whose result is not
 *   JSON), nothing is invoked and the delivery is `dropped` with the reason, as on AWS: no attempt, no DLQ.
 * - A string template whose result is not JSON (EventBridge does not escape what it inserts, so a value with a
 *   double quote breaks it) is text Lambda would refuse as a payload: dropped as well, with the reason.
 * - A redrive from the rule's failure DLQ carries what the function was invoked with already (see
 *   {@link redrivenEvent}): it goes as it is, not transformed again.
 */
export function deliveryInput(rule: FunctionRule, record: AcceptedRecord): DeliveryInput {
  const { input } = rule.subscription;
  if (input === undefined) return { kind: 'payload', payload: eventJson(record.event) };
  if (record.origin.kind === 'redrive' && record.origin.queue === rule.failureQueue) {
    return { kind: 'payload', payload: JSON.stringify(record.event.detail) ?? 'null' };
  }
  const result = transformInput(targetInputOf(input), eventJson(record.event), {
    ruleName: rule.name,
    ruleArn: rule.arn,
    ingestionTime: eventTime(record.at),
  });
  if (!result.delivered) return { kind: 'dropped', reason: result.reason };
  if (!isJson(result.payload)) {
    return {
      kind: 'dropped',
      reason:
        `The InputTemplate produced text that is not JSON, which Lambda does not take as a payload: ${result.payload} ` +
        '(EventBridge does not escape what it inserts: a value with a double quote breaks a string template).',
    };
  }
  return { kind: 'payload', payload: result.payload };
}

/**
 * The event a redrive accepts again for one DLQ message. A delivery DLQ message is the event itself; so is a
 * failure DLQ record's `requestPayload` when the rule has no input. When it has one, `requestPayload` is the
 * transformed input the function was invoked with: it goes back as the `detail` of a stand-in envelope (the
 * original event's id, the contract's source and detail-type), which {@link deliveryInput} hands to the function
 * as it is, as AWS's redrive (an async invoke with `requestPayload`) does.
 */
export function redrivenEvent(
  kind: 'failure' | 'delivery',
  message: DlqRecord,
  rule: FunctionRule | undefined,
  place: Place,
): BusEvent {
  const body = JSON.parse(message.body) as Record<string, unknown>;
  if (kind === 'delivery') return body as unknown as BusEvent;
  // What the function was invoked with: an on-failure record's requestPayload, a queue's message, a stream's record.
  const payload = failedPayload(body, rule);
  if (rule?.subscription.input === undefined && isEnvelope(payload)) return payload;
  const contract = rule?.subscription.contract;
  return {
    version: '0',
    id: message.eventId,
    'detail-type': contract?.detailType ?? 'Redriven payload',
    source: contract?.source ?? 'paved.redrive',
    account: place.accountId,
    time: eventTime(message.at),
    region: place.region,
    resources: [],
    detail: payload,
  };
}

function isEnvelope(value: unknown): value is BusEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const event = value as Record<string, unknown>;
  return typeof event['id'] === 'string' && typeof event['source'] === 'string';
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
