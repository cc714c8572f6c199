import { PERMANENT_FAILURE_ATTRIBUTES } from '@paved/events';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type QueueView } from '../core/dlq';
import { InvalidOptionError } from '../errors';
import { callApi, callAws } from './client';
import { type CliIo } from './io';

/** `--entries file://entries.json` or `--entries '<json>'`: the AWS CLI's JSON input forms. */
export function readJsonArgument(value: string | undefined, name: string, io: CliIo): unknown {
  if (!value) throw new InvalidOptionError(`Missing --${name}: pass JSON, or file://path/to/${name}.json.`);
  const text = value.startsWith('file://')
    ? readFileSync(resolve(io.cwd, value.slice('file://'.length)), 'utf8')
    : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidOptionError(
      `--${name} is not valid JSON (${(error as Error).message}): received ${JSON.stringify(text.slice(0, 80))}.`,
    );
  }
}

/** `paved put-events --entries …`: PutEvents, printing the answer as the AWS CLI does; exit 1 if any entry failed. */
export async function runPutEvents(
  endpoint: string,
  entries: string | undefined,
  io: CliIo,
): Promise<number> {
  const result = await callAws<{ FailedEntryCount: number }>(endpoint, 'PutEvents', {
    Entries: readJsonArgument(entries, 'entries', io),
  });
  io.stdout.write(JSON.stringify(result, null, 4) + '\n');
  return result.FailedEntryCount > 0 ? 1 : 0;
}

/** `paved dlq list`: every DLQ with its messages. */
export async function runDlqList(endpoint: string, io: CliIo): Promise<number> {
  const { queues } = await callApi<{ queues: QueueView[] }>(endpoint, '/_paved/dlq');
  const width = Math.max(5, ...queues.map((q) => q.name.length));
  io.stdout.write(`${'QUEUE'.padEnd(width)}  KIND      MESSAGES\n`);
  for (const queue of queues) {
    io.stdout.write(`${queue.name.padEnd(width)}  ${queue.kind.padEnd(8)}  ${queue.messages.length}\n`);
    for (const message of queue.messages) {
      const reason =
        message.attributes['ERROR_MESSAGE'] ??
        (JSON.parse(message.body) as { responsePayload?: { errorMessage?: string } }).responsePayload
          ?.errorMessage ??
        '';
      // A failure the handler parked itself, without retries (PAVED_FAILURE=permanent), says so and why.
      const permanent =
        message.attributes[PERMANENT_FAILURE_ATTRIBUTES.failure] === PERMANENT_FAILURE_ATTRIBUTES.permanent
          ? `permanent ${message.attributes[PERMANENT_FAILURE_ATTRIBUTES.errorCode] ?? ''} `
          : '';
      io.stdout.write(
        `${' '.repeat(width)}    ${message.messageId} event ${message.eventId} ${new Date(message.at).toISOString()} ${permanent}${reason.slice(0, 100)}\n`,
      );
    }
  }
  return 0;
}

/** `paved dlq redrive <queue> [--message-id id …]`. */
export async function runDlqRedrive(
  endpoint: string,
  queue: string | undefined,
  messageIds: string[] | undefined,
  io: CliIo,
): Promise<number> {
  if (!queue)
    throw new InvalidOptionError(
      'Missing the queue: paved dlq redrive <queue>. "paved dlq list" shows the queues.',
    );
  const { redriven } = await callApi<{ redriven: number }>(
    endpoint,
    `/_paved/dlq/${encodeURIComponent(queue)}/redrive`,
    {
      method: 'POST',
      body: JSON.stringify(messageIds && messageIds.length > 0 ? { messageIds } : {}),
    },
  );
  io.stdout.write(`Redrove ${redriven} message${redriven === 1 ? '' : 's'} from ${queue}.\n`);
  return 0;
}

const parseTime = (value: string | undefined, name: string): number => {
  if (!value)
    throw new InvalidOptionError(
      `Missing --${name}: pass an ISO time such as 2025-01-01T12:00:00Z, or "now".`,
    );
  const ms = value === 'now' ? Date.now() : /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new InvalidOptionError(
      `--${name} ${JSON.stringify(value)} is not a time: use ISO 8601 (2025-01-01T12:00:00Z), epoch seconds, or "now".`,
    );
  return ms;
};

/**
 * `paved replay --from … --to … [--force]`: StartReplay from the bus's archive, then waits for it to finish. With
 * `--force`, through `POST /_paved/replays` with `Force`: handlers run again on events they already handled.
 */
export async function runReplay(
  endpoint: string,
  flags: { from?: string; to?: string; name?: string; rules?: string; force?: boolean },
  io: CliIo,
): Promise<number> {
  const from = parseTime(flags.from, 'from');
  const to = parseTime(flags.to ?? 'now', 'to');
  const { EventBuses } = await callAws<{ EventBuses: { Name: string; Arn: string }[] }>(
    endpoint,
    'ListEventBuses',
    {},
  );
  const { Archives } = await callAws<{ Archives: { ArchiveName: string; EventSourceArn: string }[] }>(
    endpoint,
    'ListArchives',
    {},
  );
  const archive = Archives[0]!;
  const bus = EventBuses.find((b) => b.Arn === archive.EventSourceArn)!;
  const name = flags.name ?? `replay-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  let filterArns: string[] | undefined;
  if (flags.rules) {
    const { Rules } = await callAws<{ Rules: { Name: string; Arn: string }[] }>(endpoint, 'ListRules', {
      EventBusName: bus.Name,
    });
    filterArns = flags.rules.split(',').map((rule) => {
      const found = Rules.find((r) => r.Name === rule.trim());
      if (!found)
        throw new InvalidOptionError(
          `--rules names ${JSON.stringify(rule)}, which is not a rule on ${bus.Name}. Rules: ${Rules.map((r) => r.Name).join(', ')}.`,
        );
      return found.Arn;
    });
  }
  const request = {
    ReplayName: name,
    EventSourceArn: `${archive.EventSourceArn.replace(/event-bus\/.*/, '')}archive/${archive.ArchiveName}`,
    EventStartTime: from / 1000,
    EventEndTime: to / 1000,
    Destination: { Arn: bus.Arn, ...(filterArns ? { FilterArns: filterArns } : {}) },
  };
  // A forced replay is the bus's own extension (StartReplay has no such member): its endpoint takes StartReplay's.
  if (flags.force)
    await callApi(endpoint, '/_paved/replays', {
      method: 'POST',
      body: JSON.stringify({ ...request, Force: true }),
    });
  else await callAws(endpoint, 'StartReplay', request);
  io.stdout.write(
    `Replay ${name}: events from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}…\n` +
      (flags.force
        ? 'Forced: handlers run again on events they already handled (paved-rerun: replay:' + name + ').\n'
        : 'Handlers that already handled an event return its recorded outcome and change nothing (--force runs them again).\n'),
  );
  for (;;) {
    const replay = await callAws<{ State: string; StateReason?: string }>(endpoint, 'DescribeReplay', {
      ReplayName: name,
    });
    if (replay.State === 'COMPLETED' || replay.State === 'FAILED') {
      io.stdout.write(
        `Replay ${name}: ${replay.State}${replay.StateReason ? ` (${replay.StateReason})` : ''}\n`,
      );
      return replay.State === 'COMPLETED' ? 0 : 1;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `paved tail`: prints events and deliveries as they happen, until Ctrl-C. */
export async function runTail(endpoint: string, io: CliIo): Promise<number> {
  const abort = new AbortController();
  void io.stopSignal.then(() => abort.abort());
  let response: Response;
  try {
    response = await fetch(new URL('/_paved/stream', endpoint), { signal: abort.signal });
  } catch (error) {
    io.stderr.write(
      `No bus answered at ${endpoint}: ${(error as Error).message}. Start one with "npm start".\n`,
    );
    return 1;
  }
  io.stdout.write(`Tailing ${endpoint} (Ctrl-C to stop)\n`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const kind = /^event: (.+)$/m.exec(message)?.[1];
        const data = /^data: (.+)$/m.exec(message)?.[1];
        if (!kind || !data) continue;
        const time = new Date().toISOString().slice(11, 23);
        io.stdout.write(`${time} ${kind.padEnd(8)} ${data}\n`);
        // An event that went nowhere is said in words too: where it would have matched, and what to do.
        const { id, unmatched } = JSON.parse(data) as { id?: string; unmatched?: { message: string } };
        if (unmatched) io.stdout.write(`${time} NO RULE  ${id} ${unmatched.message}\n`);
      }
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  }
  return 0;
}
