import { HANDLER_ENV, RERUN_FIELD } from '@paved/events';

const MAX_RERUN_LENGTH = 256;

/**
 * Why this delivery must run the handler even though the event was handled, or undefined for an ordinary one:
 * - the event's {@link RERUN_FIELD} (`paved-rerun`), which a redrive sets to `redrive:<DLQ message id>` and a forced
 *   replay of the local bus to `replay:<replay name>`;
 * - else, for a replayed event (`replay-name`, which EventBridge sets), `replay:<name>` when that name is listed in
 *   `PAVED_RERUN_REPLAYS` (how a replay from an archive is forced on AWS, where it cannot carry a field of ours).
 * Read from the event as delivered: the contract's envelope schema does not keep fields it does not know.
 */
export function rerunOf(
  event: unknown,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  if (event === null || typeof event !== 'object') return undefined;
  const raw = event as Record<string, unknown>;
  const marked = raw[RERUN_FIELD];
  if (typeof marked === 'string' && marked.length > 0 && marked.length <= MAX_RERUN_LENGTH) return marked;
  const replay = raw['replay-name'];
  if (typeof replay !== 'string' || replay === '') return undefined;
  const forced = (env[HANDLER_ENV.rerunReplays] ?? '').split(',').map((name) => name.trim());
  return forced.includes(replay) ? `replay:${replay}` : undefined;
}
