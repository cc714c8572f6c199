import { createHash } from 'node:crypto';
import { type BusCore } from '../core/bus-core';
import { AwsProtocolError } from '../errors';

/** A request body: the JSON object a client sent. */
export type Body = Readonly<Record<string, unknown>>;
/** One AWSEvents operation: the request body in, the response body out. */
export type Operation = (core: BusCore, body: Body) => Promise<unknown> | unknown;

/** A string member's constraints, as the service model states them. */
export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern, matched against the whole value and quoted as is in the error. */
  readonly pattern?: string;
  /** The model's enum. */
  readonly values?: readonly string[];
}

// Shapes of the EventBridge service model (botocore `data/events/2015-10-07/service-2.json`).
export const RULE_NAME: StringRule = { min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' };
export const BUS_NAME_OR_ARN: StringRule = {
  min: 1,
  max: 1600,
  pattern: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
};
/** `EventBusArn` and `ArchiveArn`. */
export const EVENTS_ARN: StringRule = {
  min: 1,
  max: 1600,
  pattern: '^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:.+\\/.+$',
};
export const ARN: StringRule = { min: 1, max: 1600 };

const memberName = (key: string): string => key[0]!.toLowerCase() + key.slice(1);

/**
 * Reads a request's members and checks them against the model as AWS does: a member of the wrong JSON type is a
 * `SerializationException` at once; constraint failures are collected, and {@link check} throws them as one
 * `ValidationException` worded as AWS words it (`1 validation error detected: Value '0' at 'limit' failed to
 * satisfy constraint: Member must have value greater than or equal to 1`, several joined with `; `).
 */
export class RequestReader {
  private readonly violations: string[] = [];

  constructor(private readonly body: Body) {}

  string(key: string, rule: StringRule = {}): string | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw new AwsProtocolError(
        'SerializationException',
        `${key} must be a string, received ${JSON.stringify(value)}.`,
      );
    const fail = (constraint: string) => this.fail(key, `'${value}'`, constraint);
    if (rule.min !== undefined && value.length < rule.min)
      fail(`Member must have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && value.length > rule.max)
      fail(`Member must have length less than or equal to ${rule.max}`);
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value))
      fail(`Member must satisfy regular expression pattern: ${rule.pattern}`);
    if (rule.values !== undefined && !rule.values.includes(value))
      fail(`Member must satisfy enum value set: [${rule.values.join(', ')}]`);
    return value;
  }

  /** A required string member; when it is missing the placeholder `''` is returned and {@link check} throws. */
  required(key: string, rule: StringRule = {}): string {
    const value = this.string(key, rule);
    if (value === undefined) this.fail(key, 'null', 'Member must not be null');
    return value ?? '';
  }

  integer(key: string, min: number, max: number): number | undefined {
    const value = this.body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new AwsProtocolError(
        'SerializationException',
        `${key} must be an integer, received ${JSON.stringify(value)}.`,
      );
    if (value < min) this.fail(key, `'${value}'`, `Member must have value greater than or equal to ${min}`);
    if (value > max) this.fail(key, `'${value}'`, `Member must have value less than or equal to ${max}`);
    return value;
  }

  /** The paging members of a List operation: its limit (`Limit`, or `MaxResults` for endpoints) and `NextToken`. */
  paging(limitKey = 'Limit'): Paging {
    return {
      limit: this.integer(limitKey, 1, 100) ?? 100,
      nextToken: this.string('NextToken', { min: 1, max: 2048 }),
      limitKey,
    };
  }

  /** Throws every constraint failure found so far as one ValidationException. */
  check(): void {
    const count = this.violations.length;
    if (count === 0) return;
    throw new AwsProtocolError(
      'ValidationException',
      `${count} validation error${count === 1 ? '' : 's'} detected: ${this.violations.join('; ')}`,
    );
  }

  private fail(key: string, shown: string, constraint: string): void {
    this.violations.push(
      `Value ${shown} at '${memberName(key)}' failed to satisfy constraint: ${constraint}`,
    );
  }
}

export interface Paging {
  readonly limit: number;
  readonly nextToken: string | undefined;
  readonly limitKey: string;
}

/** One page of a List answer: its items, and `{ NextToken }` to spread into the answer when more follow. */
export interface Page<T> {
  readonly items: T[];
  readonly next: { readonly NextToken?: string };
}

/**
 * Pages `items` as AWS pages a List operation. The token is opaque to clients: it holds the position of the next
 * item and a digest of the operation and the request's other members, so a token from another operation, for
 * other filters, or one this bus never issued is refused with the error AWS documents for an expired token
 * ("HTTP 400 InvalidToken"), rather than silently restarting at the first page and looping a client forever.
 */
export function paginate<T>(items: readonly T[], operation: string, body: Body, paging: Paging): Page<T> {
  const scope = digest(operation, body, paging.limitKey);
  let start = 0;
  if (paging.nextToken !== undefined) {
    const [, position, tokenScope] =
      /^(\d{1,9})\.([0-9a-f]{16})$/.exec(Buffer.from(paging.nextToken, 'base64url').toString('latin1')) ?? [];
    start = Number(position);
    if (tokenScope !== scope || !(start > 0 && start <= items.length))
      throw new AwsProtocolError(
        'InvalidToken',
        `The NextToken provided is invalid or expired: ${JSON.stringify(paging.nextToken.slice(0, 100))}. Pass the NextToken of the previous ${operation} answer with every other parameter unchanged, or leave it out to start from the first page.`,
      );
  }
  const end = start + paging.limit;
  return {
    items: items.slice(start, end),
    next:
      end < items.length ? { NextToken: Buffer.from(`${end}.${scope}`, 'latin1').toString('base64url') } : {},
  };
}

function digest(operation: string, body: Body, limitKey: string): string {
  const filters = Object.keys(body)
    .filter((key) => key !== 'NextToken' && key !== limitKey)
    .sort()
    .map((key) => [key, body[key]]);
  return createHash('sha256')
    .update(JSON.stringify([operation, filters]))
    .digest('hex')
    .slice(0, 16);
}

export const notFound = (message: string): AwsProtocolError =>
  new AwsProtocolError('ResourceNotFoundException', message);
