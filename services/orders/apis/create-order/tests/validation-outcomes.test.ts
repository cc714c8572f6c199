import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, CreateOrderRequestSchema } from '../src/api';

// What the request schema answers, body by body: success and data, or each issue (code, path, message and zod's
// other fields), which the handler's 400 answer lists. fixtures/validation-outcomes.json was recorded from the zod
// classic schema before it moved to zod/mini (issue 18): the same file now proves that validation and every message
// are unchanged. Record it again only when the schema changes on purpose:
// RECORD_VALIDATION_OUTCOMES=1 npx jest tests/validation-outcomes.test.ts
const FIXTURE = join(__dirname, 'fixtures', 'validation-outcomes.json');

/** Values of another type, or out of range, for every field in turn. */
const WRONG_VALUES: Readonly<Record<string, unknown>> = {
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

type Body = Record<string, unknown>;

const valid = api.examples[0] as Body;
const line = (valid['lines'] as Body[])[0]!;
const huge = { sku: 'YACHT', quantity: 1_000_000, unitPriceMinor: Number.MAX_SAFE_INTEGER };

const bodies: [string, unknown][] = [
  ...api.examples.map((example, index): [string, unknown] => [`example-${index + 1}`, example]),
  ...Object.keys(valid).flatMap((field) => [
    [`${field}: left out`, { ...valid, [field]: undefined }] as [string, unknown],
    ...Object.entries(WRONG_VALUES).map(([what, value]): [string, unknown] => [
      `${field}: ${what}`,
      { ...valid, [field]: value },
    ]),
  ]),
  ...Object.entries({
    'not an object: null': null,
    'not an object: text': 'text',
    'not an object: array': [valid],
    'empty object': {},
    'the id the API gives': { ...valid, orderId: 'o-mine' },
    'the id, total and time the API gives': {
      ...valid,
      orderId: 'o-mine',
      totalMinor: 6_000,
      createdAt: '2026-01-01T12:00:00Z',
    },
    'a field the order does not have': { ...valid, giftNote: 'Happy birthday' },
    'an unknown field and a wrong one': { ...valid, giftNote: 'Happy birthday', currency: 'eur' },
    'email without domain': { ...valid, email: 'ada@' },
    'currency in lower case': { ...valid, currency: 'eur' },
    'lines: none': { ...valid, lines: [] },
    'line: quantity zero': { ...valid, lines: [{ ...line, quantity: 0 }] },
    'line: unit price a fraction': { ...valid, lines: [{ ...line, unitPriceMinor: 0.5 }] },
    'line: extra field (stripped)': { ...valid, lines: [{ ...line, colour: 'red' }] },
    'lines whose sum is too large': { ...valid, lines: [huge] },
    'lines whose sum is just safe (valid)': {
      ...valid,
      lines: [{ sku: 'YACHT', quantity: 1, unitPriceMinor: Number.MAX_SAFE_INTEGER }],
    },
    'lines whose sum is too large, and an unknown field': { ...valid, lines: [huge], giftNote: 'x' },
    'lines whose sum is too large, and a bad email': { ...valid, lines: [huge], email: 'ada@' },
    'every field wrong': { customerId: '', email: 1, currency: 'e', lines: [{}], orderId: 'o-1' },
  }),
];

const outcomes = bodies.map(([name, body]) => {
  const result = CreateOrderRequestSchema.safeParse(body);
  return {
    case: name,
    schema: result.success ? { data: result.data as unknown } : { issues: result.error.issues as unknown[] },
  };
});

describe('validation outcomes of CreateOrderRequestSchema', () => {
  if (process.env['RECORD_VALIDATION_OUTCOMES'] === '1') {
    writeFileSync(FIXTURE, `${JSON.stringify(outcomes, null, 2)}\n`);
    // Formatted as the workspace formats JSON, so that `prettier --check` passes on it.
    execFileSync('npx', ['prettier', '--write', '--log-level=warn', FIXTURE]);
  }
  const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as typeof outcomes;

  it('answers every recorded body, and only those', () => {
    expect(outcomes.map((outcome) => outcome.case)).toEqual(recorded.map((outcome) => outcome.case));
  });

  it.each(outcomes.map((outcome, index) => [outcome.case, outcome, recorded[index]] as const))(
    '%s gives the recorded outcome',
    (_case, outcome, expected) => {
      expect(JSON.stringify(outcome, null, 2)).toBe(JSON.stringify(expected, null, 2));
    },
  );
});
