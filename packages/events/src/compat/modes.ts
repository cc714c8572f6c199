/**
 * Compatibility modes, as schema registries define them (Confluent's names):
 *
 * - `BACKWARD`: new readers read old data. The new schema accepts every event the previous one allowed: what
 *   the archive replays, and what is still in flight when consumers deploy first.
 * - `FORWARD`: old readers read new data. The previous schema accepts every event the new one allows: what
 *   consumers still running the previous code receive when the producer deploys first.
 * - `FULL`: both.
 * - `…_TRANSITIVE`: against every committed revision still inside the archive's retention, not just the latest.
 * - `NONE`: no check (an event nobody may rely on yet).
 */
export type CompatibilityMode =
  'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';

/** One direction of a check: who writes and who reads. */
export type CompatibilityDirection = 'BACKWARD' | 'FORWARD';

export const COMPATIBILITY_MODES: readonly CompatibilityMode[] = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
];

/**
 * Events default to `FULL_TRANSITIVE`: producers and consumers deploy independently (either may go first), and the
 * archive replays every event it still holds to today's consumers.
 */
export const DEFAULT_COMPATIBILITY_MODE: CompatibilityMode = 'FULL_TRANSITIVE';

/**
 * How long the platform's archive keeps events (`PlatformStack`'s `archiveRetention`, `Duration.days(30)` by
 * default): a transitive check covers every schema revision that was current at some point in this window.
 */
export const ARCHIVE_RETENTION_DAYS = 30;

/** The directions a mode checks. */
export function directionsOf(mode: CompatibilityMode): readonly CompatibilityDirection[] {
  if (mode === 'NONE') return [];
  if (mode.startsWith('BACKWARD')) return ['BACKWARD'];
  if (mode.startsWith('FORWARD')) return ['FORWARD'];
  return ['BACKWARD', 'FORWARD'];
}

/** Whether a mode checks every revision in the retention window (`…_TRANSITIVE`) or only the latest committed one. */
export function isTransitive(mode: CompatibilityMode): boolean {
  return mode.endsWith('_TRANSITIVE');
}
