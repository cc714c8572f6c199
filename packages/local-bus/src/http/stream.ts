import { type ServerResponse } from 'node:http';
import { type BusCore } from '../core/bus-core';

/**
 * `GET /_paved/stream`: Server-Sent Events of what the bus does, for the console and `paved tail`: `accepted`
 * (with `unmatched` when it matched no rule), `dropped`, `attempt`, `outcome`, `dlq`, `replay`, `request`, and
 * `reload` (a function's code changed: hot reload).
 * Each message is `event: <kind>` with a JSON `data` line. A slow reader is dropped rather than buffered
 * without bound.
 */
export function openStream(core: BusCore, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.write(': paved local bus\n\n');
  const send = (kind: string, data: unknown): void => {
    if (res.writableLength > 4 * 1024 * 1024) {
      res.destroy();
      return;
    }
    res.write(`event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const stop = core.recorder.listen({
    accepted: (r, unmatched) =>
      send('accepted', {
        id: r.event.id,
        bus: r.bus,
        source: r.event.source,
        detailType: r.event['detail-type'],
        rules: r.rules,
        origin: r.origin,
        at: r.at,
        ...(unmatched ? { unmatched } : {}),
      }),
    dropped: (d) =>
      send('dropped', {
        id: d.event.id,
        bus: d.bus,
        reason: d.reason,
        ...(d.unmatched ? { unmatched: d.unmatched } : {}),
      }),
    request: (q) =>
      send('request', {
        id: q.id,
        kind: q.kind,
        method: q.method,
        path: q.path,
        status: q.status,
        durationMs: q.durationMs,
        target: q.target,
        events: q.events,
      }),
    attempt: (a) =>
      send('attempt', {
        id: core.history.eventIdOf(a.seq),
        rule: a.rule,
        kind: a.kind,
        n: a.n,
        ok: a.ok,
        durationMs: a.durationMs,
        error: a.error,
      }),
    outcome: (o, r) =>
      send('outcome', { id: r.event.id, rule: o.rule, status: o.status, queue: o.queue, reason: o.reason }),
    dlq: (m) => send('dlq', { queue: m.queue, messageId: m.messageId, eventId: m.eventId }),
    replay: (r) => send('replay', { name: r.name, state: r.state }),
    reload: (r) => send('reload', r),
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  heartbeat.unref();
  res.on('close', () => {
    clearInterval(heartbeat);
    stop();
  });
}
