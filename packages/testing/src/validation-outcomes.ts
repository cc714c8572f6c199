import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { type AnyEventContract, exampleEvent, safeParseWith } from '@paved/events';
import { loadSampleEvents } from './samples';

/** One case of a schema or contract: its name and what it answered. */
export interface ValidationOutcome {
  readonly case: string;
}

/** Values of another type, or out of range, that {@link fieldCases} gives every field in turn. */
export const WRONG_VALUES: Readonly<Record<string, unknown>> = {
  null: null,
  zero: 0,
  negative: -1,
  fraction: 1.5,
  'empty string': '',
  text: 'text',
  boolean: true,
  array: [],
  object: {},
};

/**
 * `valid` with each field in turn given each of {@link WRONG_VALUES} (and first left out, with `leftOut`), each named
 * `<field>: <what>`.
 */
export function fieldCases(
  valid: Readonly<Record<string, unknown>>,
  { leftOut = false }: { readonly leftOut?: boolean } = {},
): [string, unknown][] {
  return Object.keys(valid).flatMap((field) => [
    ...(leftOut ? [[`${field}: left out`, { ...valid, [field]: undefined }] as [string, unknown]] : []),
    ...Object.entries(WRONG_VALUES).map(([what, value]): [string, unknown] => [
      `${field}: ${what}`,
      { ...valid, [field]: value },
    ]),
  ]);
}

/** A zod `safeParse` result as recorded: the data, or every issue (code, path, message and zod's other fields). */
export function parsedOutcome(result: {
  readonly success: boolean;
  readonly data?: unknown;
  readonly error?: { readonly issues: readonly unknown[] };
}): { data: unknown } | { issues: readonly unknown[] } {
  return result.success ? { data: result.data } : { issues: result.error!.issues };
}

/**
 * What a contract answers for its examples, its invalid samples (`loadSampleEvents`), each field given each of
 * {@link WRONG_VALUES}, and the hand-made details `handMade` makes from a valid one: its detail schema's outcome, and
 * the contract's own (the detail, or the error message a handler gets).
 */
export function contractOutcomes(
  contract: AnyEventContract,
  handMade: (valid: Record<string, unknown>) => Readonly<Record<string, unknown>>,
) {
  const samples = loadSampleEvents(contract);
  const valid = samples.valid[0]!.event.detail as Record<string, unknown>;
  const details: [string, unknown][] = [
    ...[...samples.valid, ...samples.invalid].map((sample): [string, unknown] => [
      sample.file,
      sample.event.detail,
    ]),
    ...fieldCases(valid),
    ...Object.entries(handMade(valid)),
  ];
  return details.map(([name, detail]) => {
    const byContract = contract.safeParse(exampleEvent(contract, detail as never));
    return {
      case: name,
      schema: parsedOutcome(safeParseWith(contract.detailSchema, detail)),
      // Its message names every issue's path and message, as a handler logs it.
      contract: byContract.success
        ? { detail: byContract.data.detail }
        : { message: byContract.error.message },
    };
  });
}

/**
 * Tests that each list of `cases` answers exactly as recorded in `fixture` (a JSON file of the same shape): the same
 * case names in the same order, and each outcome byte for byte. A recording made before a change of how schemas are
 * written (zod classic to zod/mini, issue 18) proves the change kept validation and every message. With
 * `RECORD_VALIDATION_OUTCOMES=1` the fixture is first written from today's schemas (and formatted by prettier): only
 * when a schema changes on purpose.
 */
export function describeValidationOutcomes(
  fixture: string,
  cases: Readonly<Record<string, readonly ValidationOutcome[]>>,
): void {
  describe('validation outcomes', () => {
    if (process.env['RECORD_VALIDATION_OUTCOMES'] === '1') {
      writeFileSync(fixture, `${JSON.stringify(cases, null, 2)}\n`);
      // Formatted as the workspace formats JSON, so that `prettier --check` passes on it.
      execFileSync('npx', ['prettier', '--write', '--log-level=warn', fixture]);
    }
    const recorded = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, ValidationOutcome[]>;

    it.each(Object.keys(cases))('%s answers every recorded case, and only those', (name) => {
      expect(cases[name]!.map((c) => c.case)).toEqual((recorded[name] ?? []).map((c) => c.case));
    });

    it.each(
      Object.entries(cases).flatMap(([name, list]) =>
        list.map((outcome, index) => [name, outcome.case, outcome, recorded[name]?.[index]] as const),
      ),
    )('%s: %s gives the recorded outcome', (_name, _case, outcome, expected) => {
      expect(JSON.stringify(outcome, null, 2)).toBe(JSON.stringify(expected, null, 2));
    });
  });
}
