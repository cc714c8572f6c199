import { createHash } from 'node:crypto';
import { type Subscription } from '@paved/events';
import { InvalidPlatformConfigError } from './errors';

/**
 * How many nested stacks a service's handlers are spread over. Fixed, and never to be changed for a deployed service:
 * the group of a handler is its id's hash modulo this number, so changing it would move most handlers (each move
 * replaces the handler's function, queues and DLQ contents).
 *
 * Sized for the largest service with headroom: a handler is 19 to 25 resources (direct delivery; queue or stream
 * delivery adds a buffer, a mapping and an alarm; a store adds a bucket), CloudFormation allows 500 a stack, so a
 * group holds about 20 handlers. Hashing is not round-robin: at 250 handlers over 32 groups the mean is 7.8 and the
 * fullest group of a uniform hash is expected near 17 (balls into bins: mean + ~3.3 standard deviations), about 400
 * resources. 16 groups would overflow near 200 handlers; 64 would cost a small service more stacks for nothing.
 * Only groups that hold a handler exist, so a service of 5 handlers has at most 5 nested stacks.
 */
export const HANDLER_GROUP_COUNT = 32;

/** CloudFormation's quota of resources in one stack (nested stacks included). */
export const STACK_RESOURCE_LIMIT = 500;

/**
 * Where a service's handlers go:
 * - `nested`: each in one of {@link HANDLER_GROUP_COUNT} nested stacks, chosen by {@link handlerGroupOf}: a service
 *   of any size deploys, and adding or removing a handler never moves another.
 * - `flat`: every handler in the service stack itself, as paved did before nesting. Only for a service deployed that
 *   way, so that upgrading the platform replaces nothing; CloudFormation's 500 resources then cap it near 20
 *   handlers. Moving such a service to `nested` moves each handler once (platform README, "Stack layout").
 */
export type HandlerLayout = 'nested' | 'flat';

/**
 * The group (nested stack) of a handler: the first four bytes of the SHA-256 of its subscription id (`<service>-<name>`),
 * modulo {@link HANDLER_GROUP_COUNT}, unless `pinned` names one. A function of the id alone: not of the list's order
 * or length, so no other handler's addition or removal can change it.
 *
 * @example
 * handlerGroupOf(subscription); // 0..31, the same on every synth
 */
export function handlerGroupOf(subscription: Pick<Subscription, 'id'>, pinned?: number): number {
  if (pinned !== undefined) return pinned;
  return createHash('sha256').update(subscription.id, 'utf8').digest().readUInt32BE(0) % HANDLER_GROUP_COUNT;
}

/** The construct id of group `group`'s nested stack, `Handlers07`: part of every logical id the parent gives it. */
export function handlerGroupId(group: number): string {
  return `Handlers${String(group).padStart(2, '0')}`;
}

/** Checks a service's `handlerPlacement`: names of its handlers, each pinned to a whole group number in range. */
export function checkHandlerPlacement(
  service: string,
  names: ReadonlySet<string>,
  placement: Readonly<Record<string, number>>,
): void {
  for (const [name, group] of Object.entries(placement)) {
    if (!names.has(name)) {
      throw new InvalidPlatformConfigError(
        `handlerPlacement names ${JSON.stringify(name)}, which is not a handler of service ${service} (handlers: ${[...names].join(', ') || 'none'}). Use the subscription's name.`,
      );
    }
    if (!Number.isInteger(group) || group < 0 || group >= HANDLER_GROUP_COUNT) {
      throw new InvalidPlatformConfigError(
        `handlerPlacement pins ${name} to group ${JSON.stringify(group)}: use a whole number from 0 to ${HANDLER_GROUP_COUNT - 1}.`,
      );
    }
  }
}
