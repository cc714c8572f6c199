import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventEnvelopeSchema, type EventBridgeEvent } from '@paved/events';
import { SampleEventError } from './errors';

/** One sample event file of a handler package. */
export interface SampleEvent {
  /** The file name, such as `valid.json` or `invalid-missing-orderId.json`. */
  readonly file: string;
  readonly event: EventBridgeEvent;
}

/** A handler package's `events/` folder: `valid*.json` must be handled, `invalid*.json` rejected. */
export interface SampleEvents {
  readonly valid: readonly SampleEvent[];
  readonly invalid: readonly SampleEvent[];
  /** The sample in `file`; throws naming the files there are when it is absent. */
  get(file: string): SampleEvent;
}

/**
 * Loads a handler package's sample events. Every file must hold a complete EventBridge envelope (the
 * detail of an invalid sample may be anything): a fixture that is not a real event fails here, loudly.
 *
 * @example
 * const samples = loadSampleEvents(join(__dirname, '..', 'events'));
 * it.each(samples.valid)('handles $file', async ({ event }) => { await handler(event, fakeContext()); });
 */
export function loadSampleEvents(dir: string): SampleEvents {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((file) => file.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new SampleEventError(
      `Cannot read sample events in ${dir}: create the folder with valid*.json and invalid*.json files.`,
      {
        cause: error,
      },
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
  return {
    valid,
    invalid,
    get: (file) => {
      const sample = samples.find((candidate) => candidate.file === file);
      if (!sample)
        throw new SampleEventError(`No sample event ${file} in ${dir}; there are: ${files.join(', ')}.`);
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
