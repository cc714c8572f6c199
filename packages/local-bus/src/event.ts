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
