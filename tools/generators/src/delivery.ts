import {
  type AnyEventContract,
  defineSubscription,
  DELIVERY_KINDS,
  type DeliveryKindOptions,
  exampleEvent,
  partitionKeyOf,
} from '@paved/events';
import { optionalFlag, type RawArgs } from './arguments';
import { InvalidArgumentError } from './errors';

/** How a new handler's events reach it (`--delivery`, `--partition-key`), as its templates render it. */
export interface DeliveryParams {
  readonly kind: (typeof DELIVERY_KINDS)[number];
  /** Whether the handler receives batches (queue or stream): `defineBatchHandler`, and tests that deliver batches. */
  readonly batch: boolean;
  /** The subscription's `delivery` as TypeScript, or undefined for direct delivery (the default, left unwritten). */
  readonly declaration: string | undefined;
  /** The stream's partition key path, for `--delivery stream`. */
  readonly partitionKey: string | undefined;
}

/**
 * Reads `--delivery` (`queue` or `stream`; direct when absent) and, for a stream, `--partition-key` (a JSONPath to a
 * field of the event; by default the first text field of the contract's example named `...Id`, else its first text
 * field). The declaration is checked by `defineSubscription` itself, and the key against every example of the
 * contract, before a file is written.
 */
export function deliveryParams(
  args: RawArgs,
  subscription: { readonly service: string; readonly name: string; readonly contract: AnyEventContract },
): DeliveryParams {
  const flag = optionalFlag(args, 'delivery') ?? 'direct';
  const kind = DELIVERY_KINDS.find((known) => known === flag);
  if (kind === undefined) {
    throw new InvalidArgumentError(
      `Invalid --delivery ${JSON.stringify(flag)}: use --delivery queue (an SQS queue, in batches, with a maximum concurrency) ` +
        'or --delivery stream (a Kinesis stream, in batches, in order per partition key), or leave it out for direct delivery.',
    );
  }
  const given = optionalFlag(args, 'partition-key');
  if (given !== undefined && kind !== 'stream') {
    throw new InvalidArgumentError(
      `--partition-key ${JSON.stringify(given)} applies to --delivery stream only (got ${kind} delivery): add --delivery stream, or leave the key out.`,
    );
  }
  const { contract } = subscription;
  const partitionKey = kind === 'stream' ? (given ?? defaultPartitionKey(contract)) : undefined;
  const delivery = (kind === 'stream' ? { kind, partitionKey } : { kind }) as DeliveryKindOptions;
  try {
    defineSubscription({ ...subscription, entry: 'handler.ts', description: 'checked', delivery });
  } catch (error) {
    throw new InvalidArgumentError(`Invalid --partition-key: ${(error as Error).message}`, { cause: error });
  }
  if (partitionKey !== undefined) {
    const missing = contract.examples.find(
      (example) => partitionKeyOf(exampleEvent(contract, example), partitionKey) === undefined,
    );
    if (missing !== undefined) {
      throw new InvalidArgumentError(
        `Invalid --partition-key ${JSON.stringify(partitionKey)}: the example ${JSON.stringify(missing)} of ${contract.name} has no text ` +
          "or number there. Name a required text field of the event, such as --partition-key '$.detail.customerId'.",
      );
    }
  }
  return {
    kind,
    batch: kind !== 'direct',
    declaration:
      kind === 'direct'
        ? undefined
        : kind === 'queue'
          ? "{ kind: 'queue' }"
          : `{ kind: 'stream', partitionKey: '${partitionKey!}' }`,
    partitionKey,
  };
}

/** `$.detail.<field>`: the first text field named `...Id` of the contract's example, else its first text field. */
function defaultPartitionKey(contract: AnyEventContract): string {
  const example = contract.examples[0] as Record<string, unknown>;
  const texts = Object.keys(example).filter(
    (field) => /^[A-Za-z0-9_-]+$/.test(field) && typeof example[field] === 'string' && example[field] !== '',
  );
  const field = texts.find((name) => /Id$/.test(name)) ?? texts[0];
  if (field === undefined) {
    throw new InvalidArgumentError(
      `${contract.name} has no text field for a stream's partition key: pass one, such as --partition-key '$.detail.<field>' ` +
        "(or '$.id', the event id, to spread events with no order between them).",
    );
  }
  return `$.detail.${field}`;
}
