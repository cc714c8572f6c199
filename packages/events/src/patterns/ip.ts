/**
 * IP addresses and CIDR blocks as AWS's matcher reads them (event-ruler's `CIDR`, on Java's
 * `InetAddress`). Written here because the rules are Java's, not a generic IP library's: a string is an
 * address only if it looks like one (four dotted decimals, or hex digits and colons), an IPv4-mapped IPv6
 * address is the IPv4 address, and a block `a/n` covers `a & netmask` to `a | hostmask`: host bits set in
 * `a` are ignored (`10.0.0.5/24` is `10.0.0.0/24`), as in event-ruler since 1.2.2 (aws/event-ruler#89).
 */

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** The bytes of an IP address literal as a hex string (8 or 32 digits), or `undefined`. */
export function ipToHex(text: string): string | undefined {
  if (IPV4_SHAPE.test(text)) return ipv4(text);
  if (IPV6_SHAPE.test(text)) return ipv6(text);
  return undefined;
}

/** Whether a string has the shape event-ruler treats as an IP literal (before checking it parses). */
function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

function ipv4(text: string): string | undefined {
  // Java's textToNumericFormatV4 refuses sources longer than 15 characters.
  if (text.length > 15) return undefined;
  let hex = '';
  for (const part of text.split('.')) {
    const value = Number(part);
    if (value > 255) return undefined;
    hex += value.toString(16).padStart(2, '0');
  }
  return hex.toUpperCase();
}

function ipv6(text: string): string | undefined {
  if (text.length < 2) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => p.length >= 1 && p.length <= 4) ? parts : undefined;
  };
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
  const hex = all
    .map((g) => g.padStart(4, '0'))
    .join('')
    .toUpperCase();
  // Java's InetAddress returns an IPv4-mapped address (::ffff:a.b.c.d) as the IPv4 address itself.
  return hex.startsWith('00000000000000000000FFFF') ? hex.slice(24) : hex;
}

/** An inclusive range of addresses, as hex strings of one length. */
export interface IpRange {
  readonly low: string;
  readonly high: string;
}

/** A CIDR block, with event-ruler's error messages (thrown as plain `Error`s). */
export function parseCidr(cidr: string): IpRange {
  // Java's String.split drops trailing empty strings: "10.0.0.0/" has one part.
  const parts = cidr.split('/');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  const bitsText = parts[1] as string;
  const bits = Number(bitsText);
  // Java's Integer.parseInt: an optional sign and decimal digits, within 32 bits.
  if (!/^[+-]?[0-9]+$/.test(bitsText) || bits < -(2 ** 31) || bits > 2 ** 31 - 1) {
    throw new Error('Malformed CIDR, mask bits must be an integer');
  }
  if (bits < 0) throw new Error('Malformed CIDR, mask bits must not be negative');
  const address = parts[0] as string;
  if (!looksLikeIp(address)) throw new Error(`Nonstandard IP address: ${address}`);
  const hex = ipToHex(address);
  if (hex === undefined) throw new Error(`Invalid IP address: ${address}`);
  if (hex.length === 8 && bits > 31) throw new Error('IPv4 mask bits must be < 32');
  if (hex.length === 32 && bits > 127) throw new Error('IPv6 mask bits must be < 128');
  // event-ruler's computeBottomBytes / computeTopBytes: the host bits are cleared for the lowest address
  // and set for the highest, whatever the written address holds in them.
  const hostBits = hex.length * 4 - bits;
  let low = '';
  let high = '';
  for (let i = 0; i < hex.length; i++) {
    const bitsLeft = hostBits - (hex.length - 1 - i) * 4;
    const mask = bitsLeft >= 4 ? 0xf : bitsLeft <= 0 ? 0 : (1 << bitsLeft) - 1;
    const digit = parseInt(hex.charAt(i), 16);
    low += (digit & ~mask).toString(16).toUpperCase();
    high += (digit | mask).toString(16).toUpperCase();
  }
  return { low, high };
}
