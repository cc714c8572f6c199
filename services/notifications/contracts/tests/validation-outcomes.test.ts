import { join } from 'node:path';
import { contractOutcomes, describeValidationOutcomes } from '@paved/testing';
import { CustomerNotification } from '../src';

// What every contract answers, case by case: success and data, or each issue (code, path, message and zod's other
// fields) from its detail schema, and the error message a handler gets from the contract. fixtures/validation-outcomes.json
// was recorded from the zod classic schemas before the contracts moved to zod/mini (issue 18): the same file now
// proves that validation and every message are unchanged. Record it again only when a contract changes on purpose:
// RECORD_VALIDATION_OUTCOMES=1 npx jest tests/validation-outcomes.test.ts (@paved/testing, describeValidationOutcomes)
type Detail = Record<string, unknown>;

const cases = {
  CustomerNotification: contractOutcomes(CustomerNotification, (valid) => {
    const login = valid['login'] as Detail;
    return {
      'not an object: null': null,
      'not an object: text': 'text',
      'empty object': {},
      'extra field (stripped)': { ...valid, severity: 'high' },
      'type not in the enum': { ...valid, type: 'password-reset' },
      'type in capitals': { ...valid, type: 'PASSWORD-CHANGED' },
      'email without domain': { ...valid, email: 'ada@' },
      'email with spaces': { ...valid, email: 'ada lovelace@example.com' },
      'occurredAt: a date alone': { ...valid, occurredAt: '2026-01-01' },
      'occurredAt: no zone': { ...valid, occurredAt: '2026-01-01T12:00:00' },
      'occurredAt: an offset': { ...valid, occurredAt: '2026-01-01T12:00:00+01:00' },
      'occurredAt: milliseconds (valid)': { ...valid, occurredAt: '2026-01-01T12:00:00.123Z' },
      'occurredAt: no seconds (valid)': { ...valid, occurredAt: '2026-01-01T12:00Z' },
      'occurredAt: month 13': { ...valid, occurredAt: '2026-13-01T12:00:00Z' },
      'occurredAt: words': { ...valid, occurredAt: 'yesterday' },
      'login left out (valid)': { ...valid, login: undefined },
      'login: empty object': { ...valid, login: {} },
      'login: IPv6 address (valid)': { ...valid, login: { ...login, ipAddress: '2001:db8::1' } },
      'login: IPv4 address out of range': { ...valid, login: { ...login, ipAddress: '256.0.0.1' } },
      'login: host name for an address': { ...valid, login: { ...login, ipAddress: 'localhost' } },
      'login: address a number': { ...valid, login: { ...login, ipAddress: 42 } },
      'login: user agent of 512 characters (valid)': {
        ...valid,
        login: { ...login, userAgent: 'u'.repeat(512) },
      },
      'login: user agent of 513 characters': { ...valid, login: { ...login, userAgent: 'u'.repeat(513) } },
      'login: location of 201 characters': { ...valid, login: { ...login, location: 'l'.repeat(201) } },
      'login: location left out (valid)': { ...valid, login: { ...login, location: undefined } },
      'login: location null': { ...valid, login: { ...login, location: null } },
      'login: user agent missing': { ...valid, login: { ipAddress: '203.0.113.7' } },
      'login: extra field (stripped)': { ...valid, login: { ...login, device: 'phone' } },
      'login: an array': { ...valid, login: [login] },
      'every field wrong': { type: 1, customerId: '', email: 'x', occurredAt: 0, login: { ipAddress: '' } },
    };
  }),
};

describeValidationOutcomes(join(__dirname, 'fixtures', 'validation-outcomes.json'), cases);
