import { RERUN_FIELD } from '@paved/events';

/** An event as EventBridge delivers it to a target. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
  readonly 'replay-name'?: string;
  /**
   * `redrive:<DLQ message id>` on a redriven event, `replay:<name>` on a forced replay's (`RERUN_FIELD` of
   * `@paved/events`): the handler runs again although its idempotency record says the event was handled.
   */
  readonly 'paved-rerun'?: string;
}

let lastSecond = NaN;
let lastTime = '';

/** EventBridge's `time`: ISO 8601 in UTC without milliseconds, such as `2025-01-01T12:00:00Z`. */
export function eventTime(ms: number): string {
  // Every event of the same second has the same text: made once per second, not once per event.
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastTime = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastTime;
}

const jsonOf = new WeakMap<BusEvent, string>();

/**
 * Records the JSON of an event accepted from PutEvents with its detail as the producer wrote it (`Detail`),
 * rather than as `JSON.stringify` would write the parsed detail back: numbers keep every digit. AWS matches an
 * integer beyond 2^53 by its digits and delivers it as written; the journal, delivery and rule matching all
 * use this text (see {@link eventJson}).
 */
export function withDetailText(event: BusEvent, detail: string): BusEvent {
  const { detail: _parsed, ...envelope } = event;
  jsonOf.set(event, `${JSON.stringify(envelope).slice(0, -1)},"detail":${detail}}`);
  return event;
}

/** Remembers `json` as the event's text: a journal line's, read back (see {@link withDetailText}). */
export function rememberJson(event: BusEvent, json: string): void {
  jsonOf.set(event, json);
}

/**
 * The event as a replay delivers it, its JSON made from the original's (so every digit is kept). A forced replay's
 * also carries `paved-rerun: replay:<name>` (see {@link BusEvent}).
 */
export function replayOf(event: BusEvent, replayName: string, force = false): BusEvent {
  const rerun = force ? { [RERUN_FIELD]: `replay:${replayName}` } : {};
  const replayed: BusEvent = { ...event, 'replay-name': replayName, ...rerun };
  const json = jsonOf.get(event);
  if (json !== undefined && event['replay-name'] === undefined && event[RERUN_FIELD] === undefined) {
    const fields = Object.entries({ 'replay-name': replayName, ...rerun })
      .map(([name, value]) => `,${JSON.stringify(name)}:${JSON.stringify(value)}`)
      .join('');
    jsonOf.set(replayed, `${json.slice(0, -1)}${fields}}`);
  }
  return replayed;
}

/** The event as a redrive delivers it: `paved-rerun: redrive:<message id>`, so its handler runs again. */
export function rerunOf(event: BusEvent, rerun: string): BusEvent {
  return { ...event, [RERUN_FIELD]: rerun };
}

/**
 * The event a bus target puts on its bus: a new event with its own `id`, everything else as the rule matched it
 * (source, detail-type, detail as written, time, resources, account, region), as AWS does (see
 * `delivery/bus-target.ts`). Its JSON is made from the original's, so every digit of the detail is kept.
 */
export function forwardedCopy(event: BusEvent, id: string): BusEvent {
  const copy: BusEvent = { ...event, id };
  const json = jsonOf.get(event);
  const field = `"id":${JSON.stringify(event.id)}`;
  // The envelope comes before the detail, so the first `"id":` is the event's own.
  const at = json?.indexOf(field) ?? -1;
  if (json !== undefined && at >= 0)
    jsonOf.set(copy, `${json.slice(0, at)}"id":${JSON.stringify(id)}${json.slice(at + field.length)}`);
  return copy;
}

/**
 * The event as JSON, serialized once however many times it is needed: the journal line and every handler it
 * is delivered to (the text goes to the worker, which parses its own copy for each invocation).
 */
export function eventJson(event: BusEvent): string {
  let json = jsonOf.get(event);
  if (json === undefined) {
    json = JSON.stringify(event);
    jsonOf.set(event, json);
  }
  return json;
}
