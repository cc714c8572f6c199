import { join } from 'node:path';
import { contractOutcomes, describeValidationOutcomes } from '@paved/testing';
import { UserSignedUp } from '../src';

// What every contract answers, case by case: success and data, or each issue (code, path, message and zod's other
// fields) from its detail schema, and the error message a handler gets from the contract. fixtures/validation-outcomes.json
// was recorded from the zod classic schemas before the contracts moved to zod/mini (issue 18): the same file now
// proves that validation and every message are unchanged. Record it again only when a contract changes on purpose:
// RECORD_VALIDATION_OUTCOMES=1 npx jest tests/validation-outcomes.test.ts (@paved/testing, describeValidationOutcomes)
const cases = {
  UserSignedUp: contractOutcomes(UserSignedUp, (valid) => ({
    'not an object: null': null,
    'not an object: text': 'text',
    'empty object': {},
    'extra field (stripped)': { ...valid, plan: 'pro' },
    'email without @': { ...valid, email: 'ada.example.com' },
    'email without domain': { ...valid, email: 'ada@' },
    'email without top-level domain': { ...valid, email: 'ada@example' },
    'email with surrounding spaces': { ...valid, email: ' ada@example.com ' },
    'email with two @': { ...valid, email: 'ada@lovelace@example.com' },
    'email in capitals (valid)': { ...valid, email: 'ADA@EXAMPLE.COM' },
    'email with a plus (valid)': { ...valid, email: 'ada+news@example.co.uk' },
    'name of 200 characters (valid)': { ...valid, name: 'x'.repeat(200) },
    'name of 201 characters': { ...valid, name: 'x'.repeat(201) },
    'name of one emoji (valid)': { ...valid, name: '🦄' },
    'every field wrong': { email: 42, name: '' },
  })),
};

describeValidationOutcomes(join(__dirname, 'fixtures', 'validation-outcomes.json'), cases);
