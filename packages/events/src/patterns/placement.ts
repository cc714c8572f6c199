import { type Matcher } from './matchers';
import { type Slot } from './slot';

/** Where an anchor is filed. */
export interface Placement {
  readonly index:
    'exact' | 'number' | 'text' | 'literal' | 'prefix' | 'suffix' | 'ignoreCase' | 'range' | 'scan' | 'any';
  readonly key: string;
  readonly verify: boolean;
}

/**
 * Expected share of events in which an anchor on `m` at `slot` wakes its branch: anchors that fire on
 * any value (exists, anything-but) wake it whenever the path is present.
 */
export function anchorCost(slot: Slot, m: Matcher, events: number): number {
  const presence = slot.presence(events);
  return place(m).index === 'any' ? presence : presence * slot.stats.share(m);
}

/** Whether an anchor on `m` fires only for values that satisfy `m` (not for any value, as exists does). */
export function firesOnlyOnMatch(m: Matcher): boolean {
  return place(m).index !== 'any';
}

/** Decides where a matcher is filed. Wildcards are filed by their literal start (or end) and verified. */
export function place(m: Matcher): Placement {
  switch (m.kind) {
    case 'string':
      return { index: 'exact', key: m.value, verify: false };
    case 'number':
      return m.value === undefined
        ? { index: 'text', key: m.text, verify: false }
        : { index: 'number', key: String(m.value), verify: false };
    case 'literal':
      return { index: 'literal', key: String(m.value), verify: false };
    case 'prefix':
      return { index: 'prefix', key: m.value, verify: false };
    case 'suffix':
      return { index: 'suffix', key: m.value, verify: false };
    case 'equals-ic':
      // Only ASCII patterns: for them, a matching value lower-cases to the pattern lower-cased.
      return isAscii(m.value)
        ? { index: 'ignoreCase', key: m.value.toLowerCase(), verify: true }
        : { index: 'scan', key: '', verify: true };
    case 'wildcard': {
      const w = m.wildcard;
      if (w.length === 1) return { index: 'exact', key: w[0] as string, verify: true };
      if ((w[0] as string) !== '') return { index: 'prefix', key: w[0] as string, verify: true };
      if ((w[w.length - 1] as string) !== '')
        return { index: 'suffix', key: w[w.length - 1] as string, verify: true };
      return { index: 'scan', key: '', verify: true };
    }
    case 'range':
      return { index: 'range', key: '', verify: false };
    case 'ip':
    case 'prefix-ic':
    case 'suffix-ic':
      return { index: 'scan', key: '', verify: true };
    default:
      return { index: 'any', key: '', verify: false };
  }
}

export function literal(key: string): boolean | null {
  return key === 'null' ? null : key === 'true';
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
