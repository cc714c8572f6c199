import { compilePattern, testEventPattern, ValidationError } from '../../src';

const matches = (pattern: object | string, event: object | string) => compilePattern(pattern).matches(event);

describe('matching values', () => {
  it('compares numbers by value when a double holds them, whatever the notation', () => {
    expect(matches({ n: [300] }, '{"n": 3e2}')).toBe(true);
    expect(matches({ n: [300] }, '{"n": 300.000}')).toBe(true);
    expect(matches({ n: [{ numeric: ['=', 0.1] }] }, '{"n": 1e-1}')).toBe(true);
  });

  it('compares numbers a double cannot hold by their digits, as AWS does', () => {
    expect(matches('{"id": [12345678901234567890]}', '{"id": 12345678901234567890}')).toBe(true);
    expect(matches('{"id": [12345678901234567890]}', '{"id": 12345678901234567891}')).toBe(false);
    expect(matches({ n: [{ numeric: ['>', 0] }] }, '{"n": 0.30000000000000001}')).toBe(false);
    expect(matches({ n: [{ 'anything-but': [1] }] }, '{"n": 1e400}')).toBe(true);
  });

  it('never matches a string with a numeric test, nor a number with a string test', () => {
    expect(matches({ n: [{ numeric: ['>', 1] }] }, { n: '5' })).toBe(false);
    expect(matches({ n: ['5'] }, { n: 5 })).toBe(false);
    expect(matches({ n: [{ prefix: '5' }] }, { n: 55 })).toBe(false);
  });

  it('matches anything-but on values of another type, and on null, but never on a missing field', () => {
    expect(matches({ s: [{ 'anything-but': [1, 2] }] }, { s: '1' })).toBe(true);
    expect(matches({ s: [{ 'anything-but': 'x' }] }, { s: 1 })).toBe(true);
    expect(matches({ s: [{ 'anything-but': { suffix: 'x' } }] }, { s: null })).toBe(true);
    expect(matches({ s: [{ 'anything-but': 'x' }] }, {})).toBe(false);
  });

  it('treats null, true and false as JSON literals, distinct from their strings', () => {
    expect(matches({ v: [null] }, { v: null })).toBe(true);
    expect(matches({ v: [null] }, { v: 'null' })).toBe(false);
    expect(matches({ v: [true] }, { v: 'true' })).toBe(false);
  });

  it('matches equals-ignore-case by the case forms of each pattern character only', () => {
    expect(matches({ s: [{ 'equals-ignore-case': 'straße' }] }, { s: 'STRASSE' })).toBe(true);
    expect(matches({ s: [{ 'equals-ignore-case': 'k' }] }, { s: '\u212a' })).toBe(false);
    expect(matches({ s: [{ prefix: { 'equals-ignore-case': 'ab' } }] }, { s: 'aBc' })).toBe(true);
    expect(matches({ s: [{ suffix: { 'equals-ignore-case': 'ab' } }] }, { s: 'cAb' })).toBe(true);
  });

  it('reads \\* and \\\\ in a wildcard as the characters themselves', () => {
    expect(matches({ s: [{ wildcard: 'a\\*b*' }] }, { s: 'a*bcd' })).toBe(true);
    expect(matches({ s: [{ wildcard: 'a\\*b*' }] }, { s: 'axbcd' })).toBe(false);
    expect(matches({ s: [{ wildcard: '*\\\\' }] }, { s: 'dir\\' })).toBe(true);
  });

  it('compares IP addresses as addresses, in every notation of the same address', () => {
    expect(matches({ ip: [{ cidr: '2001:db8::/32' }] }, { ip: '2001:0DB8:0:0:0:0:0:1' })).toBe(true);
    expect(matches({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:a00:1' })).toBe(true);
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '10.0.0.01' })).toBe(true);
  });

  it('reproduces event-ruler: a field with an IP test sees IP strings as addresses, not strings', () => {
    const pattern = { ip: [{ cidr: '192.168.0.0/16' }, { prefix: '10.' }] };
    expect(matches(pattern, { ip: '10.1.2.3' })).toBe(false);
    expect(matches(pattern, { ip: '10.x' })).toBe(true);
  });

  it('reproduces event-ruler: a field with a numeric test does not convert IP strings, so cidr never matches', () => {
    expect(matches({ ip: [{ cidr: '10.0.0.0/8' }, { numeric: ['>', 0] }] }, { ip: '10.1.2.3' })).toBe(false);
  });

  it('reproduces event-ruler: how a field is read depends on all its tests in the rule, across $or', () => {
    const cidrAlone = { detail: { ip: [{ cidr: '10.0.0.0/24' }] } };
    const withNumeric = {
      detail: { $or: [{ ip: [{ numeric: ['>', 0] }] }, { ip: [{ cidr: '10.0.0.0/24' }] }] },
    };
    expect(matches(cidrAlone, { detail: { ip: '10.0.0.1' } })).toBe(true);
    expect(matches(withNumeric, { detail: { ip: '10.0.0.1' } })).toBe(false);
  });
});

describe('matching structure', () => {
  it('joins keys with dots both ways', () => {
    expect(matches({ detail: { 'a.b': ['x'] } }, { detail: { a: { b: 'x' } } })).toBe(true);
    expect(matches({ detail: { a: { b: ['x'] } } }, { 'detail.a': { b: 'x' } })).toBe(true);
  });

  it('requires the fields of one branch to come from the same element of an array of objects', () => {
    const pattern = { items: { sku: ['A'], qty: [2] } };
    expect(
      matches(pattern, {
        items: [
          { sku: 'A', qty: 2 },
          { sku: 'B', qty: 1 },
        ],
      }),
    ).toBe(true);
    expect(
      matches(pattern, {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 2 },
        ],
      }),
    ).toBe(false);
  });

  it('checks exists:false against the array element already chosen, in path order', () => {
    expect(matches({ a: { x: ['1'], y: [{ exists: false }] } }, { a: [{ x: '1' }, { y: '2' }] })).toBe(true);
    expect(matches({ a: { w: [{ exists: false }], x: ['1'] } }, { a: [{ x: '1' }, { w: '2' }] })).toBe(false);
  });

  it('treats an object or an empty array as no value for exists:true', () => {
    expect(matches({ a: [{ exists: true }] }, { a: { b: 1 } })).toBe(false);
    expect(matches({ a: [{ exists: true }] }, { a: [] })).toBe(false);
    expect(matches({ a: [{ exists: true }] }, { a: [null] })).toBe(true);
  });

  it('reads an event as JSON would: undefined is absent, NaN is null', () => {
    expect(matches({ a: [{ exists: false }] }, { a: undefined })).toBe(true);
    expect(matches({ a: [null] }, { a: Number.NaN })).toBe(true);
  });
});

describe('testEventPattern', () => {
  const envelope = { id: '1', account: '1', source: 's', time: 't', region: 'r', 'detail-type': 'd' };

  it('answers like TestEventPattern for an event object or its text', () => {
    expect(testEventPattern({ source: ['s'] }, envelope)).toBe(true);
    expect(testEventPattern('{"source": ["x"]}', JSON.stringify(envelope))).toBe(false);
  });

  it.each(['region', 'detail-type', 'id'])(
    'refuses an event without %s with ValidationException',
    (field) => {
      const event: Record<string, string> = { ...envelope };
      delete event[field];
      expect(() => testEventPattern({ source: ['s'] }, event)).toThrow(ValidationError);
      expect(() => testEventPattern({ source: ['s'] }, event)).toThrow('Parameter Event is not valid.');
    },
  );

  it('refuses event text that is not JSON', () => {
    expect(() => testEventPattern({ source: ['s'] }, '{"id": ')).toThrow('Parameter Event is not valid.');
  });
});
