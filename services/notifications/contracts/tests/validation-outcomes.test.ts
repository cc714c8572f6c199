import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyEventContract, exampleEvent } from '@paved/events';
import { loadSampleEvents } from '@paved/testing';
import { CustomerNotification } from '../src';

// What every contract answers, case by case: success and data, or each issue (code, path, message and zod's other
// fields) from its detail schema, and the error message a handler gets from the contract. fixtures/validation-outcomes.json
// was recorded from the zod classic schemas before the contracts moved to zod/mini (issue 18): the same file now
// proves that validation and every message are unchanged. Record it again only when a contract changes on purpose:
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

type Detail = Record<string, unknown>;

const cases = {
  CustomerNotification: casesOf(CustomerNotification, (valid) => {
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

describe('validation outcomes', () => {
  const recorded = record();

  it.each(Object.keys(cases))('%s answers every recorded case, and only those', (name) => {
    expect(cases[name as keyof typeof cases].map((c) => c.case)).toEqual(recorded[name]!.map((c) => c.case));
  });

  it.each(
    Object.entries(cases).flatMap(([name, list]) =>
      list.map((outcome, index) => [name, outcome.case, outcome, recorded[name]![index]] as const),
    ),
  )('%s: %s gives the recorded outcome', (_name, _case, outcome, expected) => {
    expect(JSON.stringify(outcome, null, 2)).toBe(JSON.stringify(expected, null, 2));
  });
});

type Outcome = ReturnType<typeof casesOf>[number];

/** The fixture, or (RECORD_VALIDATION_OUTCOMES=1) the outcomes of today's schemas, written to it first. */
function record(): Record<string, Outcome[]> {
  if (process.env['RECORD_VALIDATION_OUTCOMES'] === '1') {
    writeFileSync(FIXTURE, `${JSON.stringify(cases, null, 2)}\n`);
    // Formatted as the workspace formats JSON, so that `prettier --check` passes on it.
    execFileSync('npx', ['prettier', '--write', '--log-level=warn', FIXTURE]);
  }
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Outcome[]>;
}

/** The contract's examples, its invalid samples, each field given each wrong value, and the hand-made details. */
function casesOf(contract: AnyEventContract, handMade: (valid: Detail) => Readonly<Record<string, unknown>>) {
  const samples = loadSampleEvents(contract);
  const valid = samples.valid[0]!.event.detail as Detail;
  const details: [string, unknown][] = [
    ...[...samples.valid, ...samples.invalid].map((sample): [string, unknown] => [
      sample.file,
      sample.event.detail,
    ]),
    ...Object.keys(valid).flatMap((field) =>
      Object.entries(WRONG_VALUES).map(([what, value]): [string, unknown] => [
        `${field}: ${what}`,
        { ...valid, [field]: value },
      ]),
    ),
    ...Object.entries(handMade(valid)),
  ];
  return details.map(([name, detail]) => {
    const bySchema = contract.detailSchema.safeParse(detail) as {
      success: boolean;
      data?: unknown;
      error?: { issues: unknown[] };
    };
    const byContract = contract.safeParse(exampleEvent(contract, detail as never));
    return {
      case: name,
      schema: bySchema.success ? { data: bySchema.data } : { issues: bySchema.error!.issues },
      // Its message names every issue's path and message, as a handler logs it.
      contract: byContract.success
        ? { detail: byContract.data.detail }
        : { message: byContract.error.message },
    };
  });
}
