import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AnyEventContract,
  EventEnvelopeSchema,
  type EventBridgeEvent,
  type EventOf,
  exampleEvent,
} from '@paved/events';
import { SampleEventError } from './errors';

/** One sample event: a contract's example in the EventBridge envelope, or a JSON file of a fixture folder. */
export interface SampleEvent<E extends EventBridgeEvent = EventBridgeEvent> {
  /** `example-1` for a contract's first example; the file name (`valid.json`) for a file. */
  readonly file: string;
  readonly event: E;
}

/** An event the contract must reject, with the path of the first issue it reports. */
export interface InvalidSample extends SampleEvent {
  /** Such as `detail.orderId`. */
  readonly issuePath: string;
}

/** Valid events to handle and invalid ones to reject. */
export interface SampleEvents<E extends EventBridgeEvent = EventBridgeEvent> {
  readonly valid: readonly SampleEvent<E>[];
  readonly invalid: readonly InvalidSample[];
  /** The sample named `file`; throws naming the samples there are when it is absent. */
  get(file: string): SampleEvent<E>;
}

/**
 * The sample events of a contract, from its one copy of them, the contract's `examples`: each example as a whole
 * EventBridge event (`valid`), and events derived from the first that the contract must reject (`invalid`: a
 * required field left out, a field of the wrong type), each with the issue path the contract reports.
 *
 * Or, given a folder, its JSON files: `valid*.json` and `invalid*.json`, each a complete EventBridge envelope (for
 * events recorded from AWS). A fixture that is not a real event fails here, loudly.
 *
 * @example
 * const samples = loadSampleEvents(OrderCreated);
 * it.each(samples.valid)('handles $file', async ({ event }) => { await handler(event, fakeContext()); });
 */
export function loadSampleEvents<C extends AnyEventContract>(contract: C): SampleEvents<EventOf<C>>;
export function loadSampleEvents(dir: string): SampleEvents;
export function loadSampleEvents(source: AnyEventContract | string): SampleEvents {
  if (typeof source === 'string') return loadSampleFiles(source);
  const valid = source.examples.map((detail, index): SampleEvent => ({
    file: `example-${index + 1}`,
    event: exampleEvent(source, detail, {
      id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    }),
  }));
  const invalid = invalidSamples(source, valid[0]!.event);
  return withLookup(valid, invalid, `the examples of ${source.name}`);
}

/**
 * Events derived from a valid one that the contract must reject: each required field left out, and each field
 * given a value of another type, kept only where the contract indeed rejects it (with the path it reports).
 */
export function invalidSamples(contract: AnyEventContract, valid: EventBridgeEvent): InvalidSample[] {
  const detail = valid.detail as Record<string, unknown>;
  const fields = Object.keys(detail);
  const candidates = [
    ...fields.map((field) => {
      const without = { ...detail };
      delete without[field];
      return { file: `invalid-missing-${field}`, detail: without };
    }),
    ...fields.map((field) => ({
      file: `invalid-wrong-type-${field}`,
      detail: {
        ...detail,
        [field]: typeof detail[field] === 'string' ? 42 : `not-a-${typeof detail[field]}`,
      },
    })),
    { file: 'invalid-detail-not-an-object', detail: ['not', 'an', 'object'] },
  ];
  return candidates.flatMap((candidate) => {
    const event = { ...valid, detail: candidate.detail } as EventBridgeEvent;
    const result = contract.safeParse(event);
    return result.success ? [] : [{ file: candidate.file, event, issuePath: result.error.issues[0]!.path }];
  });
}

function loadSampleFiles(dir: string): SampleEvents {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new SampleEventError(
      `Cannot read sample events in ${dir}: create the folder with valid*.json and invalid*.json files.`,
      { cause: error },
    );
  }
  const samples = files.map((file): SampleEvent => ({ file, event: readSample(join(dir, file)) }));
  const valid = samples.filter((sample) => sample.file.startsWith('valid'));
  const invalid = samples.filter((sample) => sample.file.startsWith('invalid'));
  const others = samples.filter((sample) => !valid.includes(sample) && !invalid.includes(sample));
  if (others.length > 0 || valid.length === 0) {
    throw new SampleEventError(
      `Sample events in ${dir} must be named valid*.json or invalid*.json, with at least one valid one; found: ${files.join(', ') || 'none'}.`,
    );
  }
  // A file carries no expected issue path: the test that loads it says what it expects.
  return withLookup(
    valid,
    invalid.map((sample) => ({ ...sample, issuePath: '' })),
    dir,
  );
}

function withLookup(
  valid: readonly SampleEvent[],
  invalid: readonly InvalidSample[],
  where: string,
): SampleEvents {
  const all: readonly SampleEvent[] = [...valid, ...invalid];
  return {
    valid,
    invalid,
    get: (file) => {
      const sample = all.find((candidate) => candidate.file === file);
      if (!sample) {
        throw new SampleEventError(
          `No sample event ${file} in ${where}; there are: ${all.map((s) => s.file).join(', ')}.`,
        );
      }
      return sample;
    },
  };
}

function readSample(path: string): EventBridgeEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SampleEventError(`Sample event ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const envelope = EventEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) {
    throw new SampleEventError(
      `Sample event ${path} is not an EventBridge event: ${envelope.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`,
    );
  }
  return parsed as EventBridgeEvent;
}
