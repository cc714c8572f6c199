import { join } from 'node:path';
import { contractOutcomes, describeValidationOutcomes } from '@paved/testing';
import { OrderCreated, PaymentCaptured, PaymentDeclined } from '../src';

// What every contract answers, case by case: success and data, or each issue (code, path, message and zod's other
// fields) from its detail schema, and the error message a handler gets from the contract. fixtures/validation-outcomes.json
// was recorded from the zod classic schemas before the contracts moved to zod/mini (issue 18): the same file now
// proves that validation and every message are unchanged. Record it again only when a contract changes on purpose:
// RECORD_VALIDATION_OUTCOMES=1 npx jest tests/validation-outcomes.test.ts (@paved/testing, describeValidationOutcomes)
type Detail = Record<string, unknown>;

/** What is wrong with an order's money, in each payment event and in OrderCreated alike. */
const paymentCases = (valid: Detail) => ({
  'not an object: null': null,
  'not an object: array': [valid],
  'empty object': {},
  'extra field (stripped)': { ...valid, note: 'gift' },
  'orderId left out': { ...valid, orderId: undefined },
  'email without top-level domain': { ...valid, email: 'ada@example' },
  'currency in lower case': { ...valid, currency: 'eur' },
  'currency of two letters': { ...valid, currency: 'EU' },
  'currency of four letters': { ...valid, currency: 'EURO' },
  'currency with a digit': { ...valid, currency: 'EU1' },
  'amountMinor: a huge whole number (valid)': { ...valid, amountMinor: Number.MAX_SAFE_INTEGER },
  'amountMinor: beyond safe integers': { ...valid, amountMinor: Number.MAX_SAFE_INTEGER + 2 },
  'amountMinor: infinite': { ...valid, amountMinor: Number.POSITIVE_INFINITY },
  'amountMinor: not a number': { ...valid, amountMinor: Number.NaN },
  'amountMinor: negative fraction': { ...valid, amountMinor: -0.5 },
  'amountMinor: numeric text': { ...valid, amountMinor: '6000' },
});

const cases = {
  OrderCreated: contractOutcomes(OrderCreated, (valid) => {
    const line = (valid['lines'] as Detail[])[0]!;
    const withLine = (changes: Detail) => ({ ...valid, lines: [{ ...line, ...changes }] });
    return {
      'not an object: null': null,
      'not an object: text': 'text',
      'not an object: array': [],
      'empty object': {},
      'extra field (stripped)': { ...valid, giftNote: 'Happy birthday' },
      'email without @': { ...valid, email: 'ada.example.com' },
      'email with a trailing dot': { ...valid, email: 'ada@example.com.' },
      'currency in lower case': { ...valid, currency: 'eur' },
      'currency of four letters': { ...valid, currency: 'EURO' },
      'currency with spaces': { ...valid, currency: ' EUR' },
      'lines: none': { ...valid, lines: [] },
      'lines: text': { ...valid, lines: 'none' },
      'lines: an object': { ...valid, lines: line },
      'lines: null in the list': { ...valid, lines: [null] },
      'lines: an empty line': { ...valid, lines: [{}] },
      'lines: second line wrong': { ...valid, lines: [line, { ...line, quantity: 0 }] },
      'line: empty sku': withLine({ sku: '' }),
      'line: sku a number': withLine({ sku: 7 }),
      'line: quantity zero': withLine({ quantity: 0 }),
      'line: quantity negative': withLine({ quantity: -1 }),
      'line: quantity a fraction': withLine({ quantity: 1.5 }),
      'line: quantity numeric text': withLine({ quantity: '2' }),
      'line: quantity infinite': withLine({ quantity: Number.POSITIVE_INFINITY }),
      'line: unit price zero (valid)': withLine({ unitPriceMinor: 0 }),
      'line: unit price negative': withLine({ unitPriceMinor: -1 }),
      'line: unit price a negative fraction': withLine({ unitPriceMinor: -0.5 }),
      'line: unit price beyond safe integers': withLine({ unitPriceMinor: 2 ** 60 }),
      'line: extra field (stripped)': withLine({ colour: 'red' }),
      'line: every field wrong': withLine({ sku: '', quantity: 1.5, unitPriceMinor: -1 }),
      'totalMinor: infinite': { ...valid, totalMinor: Number.POSITIVE_INFINITY },
      'totalMinor: negative fraction': { ...valid, totalMinor: -0.5 },
      'totalMinor: not a number': { ...valid, totalMinor: Number.NaN },
      'createdAt: a date alone': { ...valid, createdAt: '2026-01-01' },
      'createdAt: an offset': { ...valid, createdAt: '2026-01-01T12:00:00+00:00' },
      'createdAt: milliseconds (valid)': { ...valid, createdAt: '2026-01-01T12:00:00.000Z' },
      'createdAt: lower-case z': { ...valid, createdAt: '2026-01-01t12:00:00z' },
      'createdAt: words': { ...valid, createdAt: 'yesterday' },
      'every field wrong': {
        orderId: '',
        customerId: 1,
        email: '',
        currency: 'e',
        lines: [],
        totalMinor: -1,
        createdAt: '',
      },
    };
  }),
  PaymentCaptured: contractOutcomes(PaymentCaptured, (valid) => ({
    ...paymentCases(valid),
    'chargeId empty': { ...valid, chargeId: '' },
    'capturedAt: no zone': { ...valid, capturedAt: '2026-01-01T12:00:03' },
    'capturedAt: a date alone': { ...valid, capturedAt: '2026-01-01' },
    'a field of OrderCreated that payments leave out (stripped)': { ...valid, lines: [] },
  })),
  PaymentDeclined: contractOutcomes(PaymentDeclined, (valid) => ({
    ...paymentCases(valid),
    'reason not in the enum': { ...valid, reason: 'card-expired' },
    'reason empty': { ...valid, reason: '' },
    'reason in capitals': { ...valid, reason: 'AMOUNT-OVER-LIMIT' },
    'reason null': { ...valid, reason: null },
  })),
};

describeValidationOutcomes(join(__dirname, 'fixtures', 'validation-outcomes.json'), cases);
