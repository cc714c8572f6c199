import { AWS_DEFAULT_BUS_NAME } from '@paved/events';
import { type RuleRef } from '../journal/records';
import { type BusEvent } from './event';
import { type BusRule, type RuleBook } from './rules';

/** An event that matched no rule where it was put, and the handlers' rules it would match on another bus. */
export interface Unmatched {
  readonly wouldMatch: readonly RuleRef[];
  /** The same as a sentence, for the terminal and the console. */
  readonly message: string;
}

/**
 * The handlers' rules on every other bus that `event` matches: what tells a developer who put an event on the
 * wrong bus where it belongs. Routes (rules whose target is a bus) are not listed: one would only bring the event
 * back to a bus whose rules match it, and those are listed themselves.
 */
export function wouldMatch(rules: RuleBook, bus: string, event: BusEvent): RuleRef[] {
  const found: RuleRef[] = [];
  for (const other of rules.buses) {
    if (other === bus) continue;
    for (const name of rules.match(other, event))
      if (rules.rules.get(name)?.kind === 'function') found.push({ bus: other, rule: name });
  }
  return found;
}

/**
 * Says that an event matched nothing (on `bus`, or at all when `bus` does not exist), and where to send it so that
 * it does: the buses whose rules it would match, and `default` (or no `EventBusName`) when a route there forwards
 * it to one of them.
 *
 * @example
 * // matched no rule on default; would match paved rules orders-reserve-stock, orders-charge-payment: send it to
 * // EventBusName paved, or to default (or no EventBusName): route paved-application-events forwards it to paved.
 */
export function describeUnmatched(
  rules: RuleBook,
  bus: string,
  event: BusEvent,
  found: readonly RuleRef[],
): string {
  const where = rules.buses.includes(bus)
    ? `matched no rule on ${bus}`
    : `went nowhere (bus ${bus} does not exist)`;
  if (found.length === 0)
    return `${where}, and no handler's rule on another bus matches it either: compare its source, detail-type and detail with the handlers' patterns (paved test-pattern, GET /_paved/subscriptions, the console's Handlers tab).`;
  const byBus = new Map<string, string[]>();
  for (const { bus: other, rule } of found) byBus.set(other, [...(byBus.get(other) ?? []), rule]);
  const matches = [...byBus].map(
    ([other, names]) => `${other} rule${names.length === 1 ? '' : 's'} ${names.join(', ')}`,
  );
  const targets = [...byBus.keys()].map((other) => `EventBusName ${other}`);
  const route =
    bus === AWS_DEFAULT_BUS_NAME
      ? undefined
      : rules
          .match(AWS_DEFAULT_BUS_NAME, event)
          .map((name) => rules.rules.get(name))
          .find((rule): rule is BusRule => rule?.kind === 'bus' && byBus.has(rule.targetBus));
  if (route)
    targets.push(
      `${AWS_DEFAULT_BUS_NAME} (or no EventBusName): route ${route.name} forwards it to ${route.targetBus}`,
    );
  return `${where}; would match ${matches.join('; ')}: send it to ${targets.join(', or to ')}.`;
}
