import { testEventPattern } from '@paved/events';
import { type BusCore } from '../bus';
import { AwsProtocolError } from '../errors';
import { archiveArn, busArn, ruleDefinition, type Rule } from '../rules';
import { startReplay, describeReplay } from '../replay';
import { validateRequest } from './put-events';

type Body = Record<string, unknown>;
/** One AWSEvents operation: the request body in, the response body out. */
export type Operation = (core: BusCore, body: Body) => Promise<unknown> | unknown;

const str = (body: Body, key: string): string | undefined => {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new AwsProtocolError(
      'SerializationException',
      `${key} must be a string, received ${JSON.stringify(value)}.`,
    );
  return value;
};

const required = (body: Body, key: string, constraintName: string): string => {
  const value = str(body, key);
  if (value === undefined) {
    throw new AwsProtocolError(
      'ValidationException',
      `1 validation error detected: Value null at '${constraintName}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
};

/** The bus a request names (name or ARN), which must exist. */
function busOf(core: BusCore, body: Body, key = 'EventBusName'): string {
  const raw = str(body, key) ?? 'default';
  const name = /:event-bus\/(.+)$/.exec(raw)?.[1] ?? raw;
  if (!core.rules.buses.includes(name))
    throw new AwsProtocolError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return name;
}

function ruleOf(core: BusCore, body: Body, key: string): Rule {
  const bus = busOf(core, body);
  const name = required(body, key, key.toLowerCase());
  const rule = core.rules.rules.get(name);
  if (!rule || rule.bus !== bus)
    throw new AwsProtocolError(
      'ResourceNotFoundException',
      `Rule ${name} does not exist on EventBus ${bus}.`,
    );
  return rule;
}

/** Pages a list with AWS's Limit/NextToken: the token is the index of the next item. */
function page<T>(items: T[], body: Body): { items: T[]; NextToken?: string } {
  const limit = typeof body['Limit'] === 'number' ? Math.max(1, Math.min(100, body['Limit'])) : 100;
  const start = body['NextToken']
    ? Number(Buffer.from(String(body['NextToken']), 'base64').toString()) || 0
    : 0;
  const slice = items.slice(start, start + limit);
  return start + limit < items.length
    ? { items: slice, NextToken: Buffer.from(String(start + limit)).toString('base64') }
    : { items: slice };
}

const ruleView = (core: BusCore, rule: Rule) => ({
  Name: rule.name,
  Arn: rule.arn,
  EventPattern: JSON.stringify(rule.pattern),
  State: 'ENABLED',
  Description: rule.subscription.description,
  EventBusName: rule.bus,
  CreatedBy: core.place.accountId,
});

/** The archive of the custom bus: the journal, read back. */
export const archiveName = (core: BusCore): string => `${core.options.busName}-archive`;

function archiveView(core: BusCore) {
  const stats = core.journal.stats();
  return {
    ArchiveName: archiveName(core),
    ArchiveArn: archiveArn(core.place, archiveName(core)),
    EventSourceArn: busArn(core.place, core.options.busName),
    Description: 'Every event accepted by the local bus: its journal.',
    State: 'ENABLED',
    RetentionDays: core.options.retentionDays,
    SizeBytes: stats.bytes,
    EventCount: stats.events,
    CreationTime: core.startedAt / 1000,
  };
}

function archiveOf(core: BusCore, body: Body) {
  const name = required(body, 'ArchiveName', 'archiveName');
  if (name !== archiveName(core))
    throw new AwsProtocolError('ResourceNotFoundException', `Archive ${name} does not exist.`);
  return archiveView(core);
}

/** Every operation the bus speaks, by the name after `AWSEvents.` in X-Amz-Target. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  PutEvents: (core, body) => core.putEvents(validateRequest(body)),
  TestEventPattern: (_core, body) => {
    const pattern = required(body, 'EventPattern', 'eventPattern');
    const event = required(body, 'Event', 'event');
    return { Result: testEventPattern(pattern, event) };
  },
  DescribeEventBus: (core, body) => {
    const name = busOf(core, body, 'Name');
    return {
      Name: name,
      Arn: busArn(core.place, name),
      CreationTime: core.startedAt / 1000,
      LastModifiedTime: core.startedAt / 1000,
    };
  },
  ListEventBuses: (core, body) => {
    const prefix = str(body, 'NamePrefix') ?? '';
    const { items, NextToken } = page(
      core.rules.buses.filter((b) => b.startsWith(prefix)),
      body,
    );
    return {
      EventBuses: items.map((name) => ({ Name: name, Arn: busArn(core.place, name) })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
  ListRules: (core, body) => {
    const prefix = str(body, 'NamePrefix') ?? '';
    const { items, NextToken } = page(
      core.rules.onBus(busOf(core, body)).filter((r) => r.name.startsWith(prefix)),
      body,
    );
    return { Rules: items.map((rule) => ruleView(core, rule)), ...(NextToken ? { NextToken } : {}) };
  },
  DescribeRule: (core, body) => ruleView(core, ruleOf(core, body, 'Name')),
  ListTargetsByRule: (core, body) => ({
    Targets: [ruleDefinition(core.place, ruleOf(core, body, 'Rule')).Target],
  }),
  DescribeArchive: (core, body) => archiveOf(core, body),
  ListArchives: (core, body) => {
    const prefix = str(body, 'NamePrefix') ?? '';
    const archive = archiveView(core);
    return { Archives: archive.ArchiveName.startsWith(prefix) ? [archive] : [] };
  },
  StartReplay: (core, body) => startReplay(core, body),
  DescribeReplay: (core, body) => describeReplay(core, required(body, 'ReplayName', 'replayName')),
  ListReplays: (core, body) => {
    const prefix = str(body, 'NamePrefix') ?? '';
    const state = str(body, 'State');
    const replays = [...core.replays.values()].filter(
      (r) => r.name.startsWith(prefix) && (!state || r.state === state),
    );
    const { items, NextToken } = page(replays, body);
    return {
      Replays: items.map((r) => ({
        ReplayName: r.name,
        EventSourceArn: r.archiveArn,
        State: r.state,
        ...(r.stateReason ? { StateReason: r.stateReason } : {}),
        EventStartTime: r.from / 1000,
        EventEndTime: r.to / 1000,
        ReplayStartTime: r.startedAt / 1000,
        ...(r.endedAt ? { ReplayEndTime: r.endedAt / 1000 } : {}),
        ...(r.lastReplayedTime ? { EventLastReplayedTime: r.lastReplayedTime / 1000 } : {}),
      })),
      ...(NextToken ? { NextToken } : {}),
    };
  },
};
