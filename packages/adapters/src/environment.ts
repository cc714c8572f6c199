import { join } from 'node:path';
import { HANDLER_ENV } from '@paved/events';
import { AdapterConfigurationError } from './errors';

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * True when the handler runs on the local bus (which sets `PAVED_LOCAL=1`): side effects then go to files
 * under the outbox folder instead of AWS.
 */
export function isLocal(env: Environment = process.env): boolean {
  return env[HANDLER_ENV.local] === '1';
}

/** The folder local side effects are written to: `PAVED_OUTBOX_DIR`, else `.paved/outbox` in the working directory. */
export function outboxDir(env: Environment = process.env): string {
  return env[HANDLER_ENV.outboxDir] ?? join(process.cwd(), '.paved', 'outbox');
}

/** Reads a required setting, failing with the name of the variable and how to set it. */
export function requireSetting(env: Environment, name: string, purpose: string): string {
  const value = env[name];
  if (value === undefined || value.length === 0) {
    throw new AdapterConfigurationError(
      `Environment variable ${name} is not set: it names ${purpose}. Set it in the handler's subscription (environment) or its construct.`,
    );
  }
  return value;
}
