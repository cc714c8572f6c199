import { join } from 'node:path';
import { describeValidationOutcomes, fieldCases, parsedOutcome } from '@paved/testing';
import { api, CreateOrderRequestSchema } from '../src/api';

// What the request schema answers, body by body: success and data, or each issue (code, path, message and zod's
// other fields), which the handler's 400 answer lists. fixtures/validation-outcomes.json was recorded from the zod
// classic schema before it moved to zod/mini (issue 18): the same file now proves that validation and every message
// are unchanged. Record it again only when the schema changes on purpose:
// RECORD_VALIDATION_OUTCOMES=1 npx jest tests/validation-outcomes.test.ts
type Body = Record<string, unknown>;

const valid = api.examples[0] as Body;
const line = (valid['lines'] as Body[])[0]!;
const huge = { sku: 'YACHT', quantity: 1_000_000, unitPriceMinor: Number.MAX_SAFE_INTEGER };

const bodies: [string, unknown][] = [
  ...api.examples.map((example, index): [string, unknown] => [`example-${index + 1}`, example]),
  ...fieldCases(valid, { leftOut: true }),
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

const outcomes = bodies.map(([name, body]) => ({
  case: name,
  schema: parsedOutcome(CreateOrderRequestSchema.safeParse(body)),
}));

describeValidationOutcomes(join(__dirname, 'fixtures', 'validation-outcomes.json'), {
  CreateOrderRequestSchema: outcomes,
});
