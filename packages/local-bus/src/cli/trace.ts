import { type EventView } from '../core/history';
import { TRACE_ID, type Trace, type TraceNode } from '../core/traces';
import { InvalidOptionError } from '../errors';
import { callApi } from './client';
import { type CliIo } from './io';

/** `paved trace` flags. */
export interface TraceFlags {
  readonly json?: boolean;
  readonly logs?: boolean;
}

const ms = (value: number): string =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;

/** At most `max` characters of a message, for a line of the terminal (`--json` has it whole). */
const clip = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What a node says after its name: its ids and why it failed, for the one line it gets. */
function detailOf(node: TraceNode): string {
  switch (node.kind) {
    case 'request':
      return `${node.target} ${node.requestKind === 'api' ? 'request' : 'upload'} ${node.requestId}`;
    case 'event':
      return `${node.eventId} on ${node.bus}`;
    case 'attempt':
      return node.error
        ? `${node.requestId}: ${clip(`${node.error.errorType}: ${node.error.errorMessage}`)}`
        : node.requestId;
    case 'dlq':
      return clip(node.reason ?? '');
    default:
      // A delivery's failure is on its attempts and its DLQ hop.
      return '';
  }
}

const plural = (n: number, word: string, words = `${word}s`): string => `${n} ${n === 1 ? word : words}`;

/**
 * The tree as text: one line a node, indented by depth with the tree's branches drawn, each with its start relative
 * to the trace's (`+12 ms`), kind, name, duration and outcome; with `logs`, each attempt's log lines beneath it.
 */
export function formatTrace(trace: Trace, { logs = false }: { logs?: boolean } = {}): string {
  const { counts } = trace;
  const out = [
    `trace ${trace.traceId} · ${trace.outcome} · ${ms(trace.durationMs)} · ${[
      plural(counts.requests, 'request'),
      plural(counts.events, 'event'),
      plural(counts.deliveries, 'delivery', 'deliveries'),
      `${plural(counts.attempts, 'attempt')}${counts.failedAttempts > 0 ? ` (${counts.failedAttempts} failed)` : ''}`,
      ...(counts.dlq > 0 ? [plural(counts.dlq, 'DLQ hop')] : []),
      ...(counts.redrives > 0 ? [plural(counts.redrives, 'redrive')] : []),
      ...(counts.replays > 0 ? [plural(counts.replays, 'replayed delivery', 'replayed deliveries')] : []),
    ].join(', ')}`,
  ];
  const visit = (node: TraceNode, prefix: string, branch: string): void => {
    const offset = `+${ms(node.start - trace.start)}`.padStart(10);
    const detail = detailOf(node);
    out.push(
      `${offset}  ${prefix}${branch}${node.kind} ${node.name} · ${ms(node.durationMs)} · ${node.outcome}${detail ? ` · ${detail}` : ''}`,
    );
    const childPrefix = prefix + (branch === '├─ ' ? '│  ' : branch === '└─ ' ? '   ' : '');
    if (logs && (node.kind === 'attempt' || node.kind === 'request'))
      for (const line of node.logs) out.push(`${' '.repeat(10)}  ${childPrefix}  │ ${line}`);
    node.children.forEach((child, i) =>
      visit(child, childPrefix, i === node.children.length - 1 ? '└─ ' : '├─ '),
    );
  };
  for (const root of trace.roots) visit(root, '', '');
  return out.join('\n') + '\n';
}

/**
 * `paved trace <event id | trace id>`: the tree of everything the trace set off, from a running bus. An event id is
 * looked up first (`GET /_paved/events/<id>` gives its trace id); `--json` prints the tree as the bus answers it.
 */
export async function runTrace(
  endpoint: string,
  id: string | undefined,
  flags: TraceFlags,
  io: CliIo,
): Promise<number> {
  if (!id)
    throw new InvalidOptionError(
      'Missing the event or trace id: paved trace <event id | trace id>. The console and GET /_paved/events show event ids; GET /_paved/traces?q=<text> finds traces.',
    );
  const traceId = TRACE_ID.test(id)
    ? id
    : (await callApi<EventView & { traceId?: string }>(endpoint, `/_paved/events/${encodeURIComponent(id)}`))
        .traceId;
  if (!traceId)
    throw new InvalidOptionError(`Event ${id} has no trace id: the bus holds it, but nothing of its trace.`);
  const trace = await callApi<Trace>(endpoint, `/_paved/traces/${traceId}`);
  io.stdout.write(flags.json ? JSON.stringify(trace, null, 2) + '\n' : formatTrace(trace, flags));
  return 0;
}
