import { compilePattern, InvalidEventPatternError, RuleIndex, validatePattern } from '../../src';
import { parseCidr } from '../../src/patterns/ip';

/**
 * `cidr` as event-ruler's `CIDR.cidr` reads it (since 1.2.2, aws/event-ruler#89): the mask bits fix the
 * leading bits and the rest vary, whatever the written address holds in them, so `10.0.0.5/24` is
 * `10.0.0.0/24`. /32 and /128 are refused; /0 covers every address of its family.
 */

/** The reason AWS would give for a cidr, or `undefined` when it is valid. */
function reason(cidr: string): string | undefined {
  try {
    validatePattern({ ip: [{ cidr }] });
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventPatternError);
    return (error as InvalidEventPatternError).reason;
  }
}

/** Whether `address` matches `{"ip": [{"cidr": cidr}]}`, the same by evaluation and by the index. */
function inBlock(cidr: string, address: string): boolean {
  const pattern = { ip: [{ cidr }] };
  const event = { ip: address };
  const verdict = compilePattern(pattern).matches(event);
  for (const index of [new RuleIndex({ scanLimit: 0 }), new RuleIndex()]) {
    index.add('rule', pattern);
    expect(index.matches(event)).toEqual(verdict ? ['rule'] : []);
    expect(index.matchesJson(JSON.stringify(event))).toEqual(verdict ? ['rule'] : []);
  }
  return verdict;
}

describe('cidr ranges', () => {
  // event-ruler's CIDRTest.TestCorrectRanges: the first three and 54.240.196.171/24 have host bits set.
  it.each([
    [
      '0011:2233:4455:6677:8899:aabb:ccdd:eeff/24',
      '00112200000000000000000000000000',
      '001122FFFFFFFFFFFFFFFFFFFFFFFFFF',
    ],
    ['2001:db8::ff00:42:8329/24', '20010D00000000000000000000000000', '20010DFFFFFFFFFFFFFFFFFFFFFFFFFF'],
    ['::1/24', '00000000000000000000000000000000', '000000FFFFFFFFFFFFFFFFFFFFFFFFFF'],
    ['10.0.0.0/24', '0A000000', '0A0000FF'],
    ['54.240.196.171/24', '36F0C400', '36F0C4FF'],
    ['192.0.2.0/24', 'C0000200', 'C00002FF'],
    ['13.32.0.0/15', '0D200000', '0D21FFFF'],
    ['27.0.0.0/22', '1B000000', '1B0003FF'],
    ['52.76.128.0/17', '344C8000', '344CFFFF'],
    ['34.192.0.0/12', '22C00000', '22CFFFFF'],
    ['2400:6500:FF00::36FB:1F80/122', '24006500FF0000000000000036FB1F80', '24006500FF0000000000000036FB1FBF'],
    ['2600:9000::/28', '26009000000000000000000000000000', '2600900FFFFFFFFFFFFFFFFFFFFFFFFF'],
    ['2600:1F11::/36', '26001F11000000000000000000000000', '26001F110FFFFFFFFFFFFFFFFFFFFFFF'],
    ['2600:1F14::/35', '26001F14000000000000000000000000', '26001F141FFFFFFFFFFFFFFFFFFFFFFF'],
  ])('reads %s as %s to %s', (cidr, low, high) => {
    expect(parseCidr(cidr)).toEqual({ low, high });
  });

  it.each([
    ['10.0.0.5/24', '0A000000', '0A0000FF'],
    ['10.0.0.255/24', '0A000000', '0A0000FF'],
    ['10.1.2.3/8', '0A000000', '0AFFFFFF'],
    ['10.0.0.7/30', '0A000004', '0A000007'],
    ['10.0.0.5/31', '0A000004', '0A000005'],
    ['255.255.255.255/0', '00000000', 'FFFFFFFF'],
    ['255.255.255.255/1', '80000000', 'FFFFFFFF'],
    ['10.0.0.5/+24', '0A000000', '0A0000FF'],
    ['::ffff:a00:5/24', '0A000000', '0A0000FF'],
    ['::3/127', '00000000000000000000000000000002', '00000000000000000000000000000003'],
    ['ffff::1/0', '00000000000000000000000000000000', 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF'],
    ['2001:db8:1234:1a00::5/64', '20010DB812341A000000000000000000', '20010DB812341A00FFFFFFFFFFFFFFFF'],
  ])('clears the host bits of %s: %s to %s', (cidr, low, high) => {
    expect(parseCidr(cidr)).toEqual({ low, high });
    expect(reason(cidr)).toBeUndefined();
  });
});

describe('cidr validation', () => {
  it.each([
    ['10.0.0.5/32', 'IPv4 mask bits must be < 32'],
    ['10.0.0.0/32', 'IPv4 mask bits must be < 32'],
    ['::ffff:a00:5/120', 'IPv4 mask bits must be < 32'],
    ['2001:db8::1/128', 'IPv6 mask bits must be < 128'],
    ['::/128', 'IPv6 mask bits must be < 128'],
    ['192.168.0.1/33', 'IPv4 mask bits must be < 32'],
    ['2400:6500:FF00::36FB:1F80/222', 'IPv6 mask bits must be < 128'],
    ['10.0.0.5/-1', 'Malformed CIDR, mask bits must not be negative'],
    ['10.0.0.5/24/8', "Malformed CIDR, one '/' required"],
    ['10.0.0.5', "Malformed CIDR, one '/' required"],
    ['10.0.0.5/2.5', 'Malformed CIDR, mask bits must be an integer'],
    ['10.0.0.256/24', 'Invalid IP address: 10.0.0.256'],
    ['10.10.10.10.10/3', 'Nonstandard IP address: 10.10.10.10.10'],
    ['::ffff:10.0.0.5/120', 'Nonstandard IP address: ::ffff:10.0.0.5'],
  ])('refuses %s: "%s"', (cidr, expected) => {
    expect(reason(cidr)).toBe(expected);
  });

  it.each(['10.0.0.0/0', '10.0.0.5/0', '10.0.0.5/31', '::/0', '2001:db8::1/0', '2001:db8::1/127'])(
    'accepts %s, whose mask bits are in range',
    (cidr) => {
      expect(reason(cidr)).toBeUndefined();
    },
  );
});

describe('cidr matching with host bits set', () => {
  it.each([
    ['10.0.0.5/24', '10.0.0.0', true],
    ['10.0.0.5/24', '10.0.0.4', true],
    ['10.0.0.5/24', '10.0.0.5', true],
    ['10.0.0.5/24', '10.0.0.255', true],
    ['10.0.0.5/24', '9.255.255.255', false],
    ['10.0.0.5/24', '10.0.1.0', false],
    // event-ruler's MachineTest.testIPAddressOfCIDRIsEqualToMaximumOfRange
    ['220.160.153.171/31', '220.160.153.170', true],
    ['220.160.153.171/31', '220.160.153.171', true],
    ['220.160.153.171/31', '220.160.153.169', false],
    ['220.160.153.171/31', '220.160.153.172', false],
    ['220.160.154.255/24', '220.160.154.0', true],
    ['220.160.154.255/24', '220.160.154.255', true],
    ['220.160.154.255/24', '220.160.153.255', false],
    ['220.160.154.255/24', '220.160.155.0', false],
    ['220.160.59.225/31', '220.160.59.224', true],
    ['220.160.59.225/31', '220.160.59.226', false],
    ['2001:db8:1234:1a00::5/64', '2001:db8:1234:1a00::', true],
    ['2001:db8:1234:1a00::5/64', '2001:db8:1234:1a00::4', true],
    ['2001:db8:1234:1a00::5/64', '2001:db8:1234:1a00:ffff:ffff:ffff:ffff', true],
    ['2001:db8:1234:1a00::5/64', '2001:db8:1234:19ff:ffff:ffff:ffff:ffff', false],
    ['2001:db8:1234:1a00::5/64', '2001:db8:1234:1a01::', false],
    ['2001:db8::ff00:42:8329/24', '2001:d00::', true],
    ['2001:db8::ff00:42:8329/24', '2001:dff:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['2001:db8::ff00:42:8329/24', '2001:cff:ffff:ffff:ffff:ffff:ffff:ffff', false],
    ['2001:db8::ff00:42:8329/24', '2001:e00::', false],
  ])('%s against %s: %s', (cidr, address, expected) => {
    expect(inBlock(cidr, address)).toBe(expected);
  });
});

describe('cidr matching at boundary prefixes', () => {
  it.each([
    ['255.255.255.255/0', '0.0.0.0', true],
    ['255.255.255.255/0', '255.255.255.255', true],
    // Another family never matches, but an IPv4-mapped IPv6 address is its IPv4 address.
    ['255.255.255.255/0', '::1', false],
    ['255.255.255.255/0', '::ffff:a00:1', true],
    ['ffff::1/0', '::', true],
    ['ffff::1/0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
    ['ffff::1/0', '10.0.0.1', false],
    ['ffff::1/0', '::ffff:a00:1', false],
    ['128.0.0.1/1', '128.0.0.0', true],
    ['128.0.0.1/1', '127.255.255.255', false],
    ['10.0.0.5/31', '10.0.0.4', true],
    ['10.0.0.5/31', '10.0.0.6', false],
    ['::3/127', '::2', true],
    ['::3/127', '::1', false],
    ['::3/127', '::4', false],
  ])('%s against %s: %s', (cidr, address, expected) => {
    expect(inBlock(cidr, address)).toBe(expected);
  });
});
