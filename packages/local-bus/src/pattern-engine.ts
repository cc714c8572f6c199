// TEMPORARY stand-in until @paved/events exports RuleIndex and testEventPattern; replace with a re-export.
import { AwsProtocolError } from './errors';

type Pattern = Record<string, unknown>;

function matchValue(pattern: unknown[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return pattern.some((p) => {
    if (p !== null && typeof p === 'object') {
      const o = p as Record<string, unknown>;
      if ('exists' in o) return o['exists'] === present;
      if ('prefix' in o) return values.some((v) => typeof v === 'string' && v.startsWith(String(o['prefix'])));
      if ('anything-but' in o) {
        const ab = ([] as unknown[]).concat(o['anything-but']);
        return present && values.every((v) => !ab.includes(v));
      }
      return false;
    }
    return present && values.some((v) => v === p);
  });
}

function matches(pattern: Pattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, p]) => {
    const present = event !== null && typeof event === 'object' && key in event;
    const value = present ? event[key] : undefined;
    if (Array.isArray(p)) return matchValue(p, value, present);
    if (p !== null && typeof p === 'object') return present && typeof value === 'object' && value !== null && matches(p as Pattern, value as Record<string, unknown>);
    return false;
  });
}

export class RuleIndex {
  private readonly rules = new Map<string, Pattern>();
  add(ruleId: string, pattern: object): void {
    this.rules.set(ruleId, pattern as Pattern);
  }
  remove(ruleId: string): void {
    this.rules.delete(ruleId);
  }
  matches(event: object): string[] {
    const out: string[] = [];
    for (const [id, p] of this.rules) if (matches(p, event as Record<string, unknown>)) out.push(id);
    return out;
  }
}

export function testEventPattern(pattern: string, event: string): boolean {
  let p: unknown;
  try {
    p = JSON.parse(pattern);
  } catch {
    throw new AwsProtocolError('InvalidEventPatternException', 'Event pattern is not valid. Reason: Filter is not valid JSON');
  }
  let e: unknown;
  try {
    e = JSON.parse(event);
  } catch {
    throw new AwsProtocolError('ValidationException', 'Parameter Event is not valid.');
  }
  return matches(p as Pattern, e as Record<string, unknown>);
}

export function runTestPatternCommand(_argv: readonly string[], io: { stderr: { write(text: string): unknown } }): number {
  io.stderr.write('test-pattern is not available yet.\n');
  return 1;
}
