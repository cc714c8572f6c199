import { AWS_DEFAULT_BUS_NAME } from '@paved/events';
import { type BusCore } from '../../core/bus-core';
import { busArn } from '../../core/rules';
import { ARN, BUS_NAME_OR_ARN, notFound, paginate, RequestReader, type Operation } from '../request';

/** The bus a request names (a name or an ARN; `default` when it names none), which must exist. */
export function busOf(core: BusCore, nameOrArn: string | undefined): string {
  const name =
    nameOrArn === undefined ? AWS_DEFAULT_BUS_NAME : (/:event-bus\/(.+)$/.exec(nameOrArn)?.[1] ?? nameOrArn);
  if (!core.rules.buses.includes(name)) throw notFound(`Event bus ${name} does not exist.`);
  return name;
}

/** The bus an `event-bus` ARN names, which must be one of this bus's, in its account and region. */
export function busOfArn(core: BusCore, arn: string): string {
  const name = core.rules.buses.find((bus) => busArn(core.place, bus) === arn);
  if (name === undefined)
    throw notFound(`Event bus ${/:event-bus\/(.+)$/.exec(arn)?.[1] ?? arn} does not exist.`);
  return name;
}

// Both buses exist from the start and never change: no Description, Policy, KMS key or DLQ of their own.
const busView = (core: BusCore, name: string) => ({
  Name: name,
  Arn: busArn(core.place, name),
  CreationTime: core.startedAt / 1000,
  LastModifiedTime: core.startedAt / 1000,
});

export const describeEventBus: Operation = (core, body) => {
  const request = new RequestReader(body);
  const name = request.string('Name', BUS_NAME_OR_ARN);
  request.check();
  return busView(core, busOf(core, name));
};

export const listEventBuses: Operation = (core, body) => {
  const request = new RequestReader(body);
  const prefix = request.string('NamePrefix', { min: 1, max: 256, pattern: '[/\\.\\-_A-Za-z0-9]+' });
  const paging = request.paging();
  request.check();
  const buses = core.rules.buses.filter((name) => name.startsWith(prefix ?? ''));
  const { items, next } = paginate(buses, 'ListEventBuses', body, paging);
  return { EventBuses: items.map((name) => busView(core, name)), ...next };
};

/**
 * Tags of a bus or a rule: none, locally (rules come from subscriptions, which carry no tags). An ARN of neither,
 * or of one that does not exist, is a ResourceNotFoundException with AWS's texts.
 */
export const listTagsForResource: Operation = (core, body) => {
  const request = new RequestReader(body);
  const arn = request.required('ResourceARN', ARN);
  request.check();
  if (/^arn:[^:]+:events:[^:]*:[^:]*:event-bus\//.test(arn)) {
    busOfArn(core, arn);
    return { Tags: [] };
  }
  const rule = /^arn:[^:]+:events:[^:]*:[^:]*:rule\/(?:(.+)\/)?([^/]+)$/.exec(arn);
  if (rule) {
    const [, bus = AWS_DEFAULT_BUS_NAME, name] = rule;
    if (![...core.rules.rules.values()].some((r) => r.arn === arn))
      throw notFound(`Rule ${name} does not exist on EventBus ${bus}.`);
    return { Tags: [] };
  }
  throw notFound(
    `Resource ${arn} does not exist. The local bus has tags (none) for its event buses and rules only.`,
  );
};
