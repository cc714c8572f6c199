import type * as z from 'zod/mini';
import { type EventBridgeEvent, EventEnvelopeSchema, splitMetadata } from './envelope';
import { type CompatibilityMode, COMPATIBILITY_MODES, DEFAULT_COMPATIBILITY_MODE } from './compat/modes';
import { EventValidationError, InvalidContractError, type ValidationIssue } from './errors';
import { safeParseWith } from './validation';

/**
 * The detail schema of a contract: any zod 4 object schema, written with `zod/mini` (as the workspace's contracts
 * are, so that Lambda bundles carry zod's small build) or with zod classic; both are zod core's `$ZodObject`.
 */
export type DetailSchema = z.core.$ZodObject;

/**
 * Who puts a contract's events on a bus: `application`, our own code, through `publish` (defineEvent); or `aws`,
 * an AWS service, on the account's `default` bus (defineAwsEvent). Only application events can be published.
 */
export type EventProducer = 'application' | 'aws';

/** What {@link defineEvent} takes. */
export interface EventContractProps<
  TSource extends string,
  TDetailType extends string,
  TSchema extends DetailSchema,
> {
  /** The event's `source`, such as `myapp.orders`. Must not start with `aws.` (reserved by AWS). */
  readonly source: TSource;
  /** The event's `detail-type`, such as `OrderCreated`. */
  readonly detailType: TDetailType;
  /** The zod schema of `detail` (`zod/mini`, such as `z.object({ ... })`). Name it `…Schema`. */
  readonly detail: TSchema;
  /** One sentence: what happened, in the producer's words. Goes into the schema registry and the catalog. */
  readonly description: string;
  /** At least one valid `detail`. Checked against the schema when the contract is defined. */
  readonly examples: readonly [z.input<TSchema>, ...z.input<TSchema>[]];
  /**
   * Schema version, raised on a breaking change, which then gets a detail-type of its own (`OrderCreated.v2`):
   * `npx hygen event version --event <service>.<Contract>` makes the next one. @default 1
   */
  readonly version?: number;
  /**
   * How a change must stay compatible with the committed schema of this version, checked by the contracts package's
   * `compat` target (`BACKWARD`, `FORWARD`, `FULL`, each optionally `_TRANSITIVE`, or `NONE`).
   * @default 'FULL_TRANSITIVE' (against every revision still inside the archive's retention)
   */
  readonly compatibility?: CompatibilityMode;
}

/** The rule pattern a contract implies: its source and detail-type, exactly. */
export type ContractPattern<TSource extends string = string, TDetailType extends string = string> = {
  readonly source: readonly [TSource];
  readonly 'detail-type': readonly [TDetailType];
};

/** The outcome of {@link EventContract.safeParse}. */
export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: EventValidationError };

/**
 * One event, declared once. Its TypeScript type, runtime validation, default rule pattern and JSON Schema
 * all derive from this object.
 */
export interface EventContract<
  TSource extends string = string,
  TDetailType extends string = string,
  TSchema extends DetailSchema = DetailSchema,
  TProducer extends EventProducer = EventProducer,
> {
  /** `application` for our own events (publishable); `aws` for an AWS service's (never published by us). */
  readonly producer: TProducer;
  readonly source: TSource;
  readonly detailType: TDetailType;
  readonly detailSchema: TSchema;
  readonly description: string;
  readonly examples: readonly z.output<TSchema>[];
  readonly version: number;
  /** How a change must stay compatible with the committed schema (the contracts package's `compat` target). */
  readonly compatibility: CompatibilityMode;
  /** `source` and `detail-type`, joined by a slash: how errors and logs name the contract. */
  readonly name: string;
  /** `{ source: [source], 'detail-type': [detailType] }`: the pattern a rule for this event starts from. */
  readonly pattern: ContractPattern<TSource, TDetailType>;
  /**
   * The envelope's `resources` for an event with this detail, as its producer fills them (an S3 event names its
   * bucket's ARN); `undefined` when the producer sets none. What `exampleEvent` puts in a sample's envelope.
   */
  readonly resourcesOf: ((detail: z.output<TSchema>) => readonly string[]) | undefined;
  /** Where the producer documents the event (AWS contracts); `undefined` for our own. */
  readonly documentation: string | undefined;
  /** Validates a whole EventBridge event (envelope, source, detail-type and detail). Throws {@link EventValidationError}. */
  parse(event: unknown): EventBridgeEvent<TDetailType, z.output<TSchema>>;
  /** Like {@link parse}, returning the error instead of throwing it. */
  safeParse(event: unknown): ParseResult<EventBridgeEvent<TDetailType, z.output<TSchema>>>;
  /** Validates `detail` alone, as a producer does before publishing. Throws {@link EventValidationError}. */
  parseDetail(detail: unknown): z.output<TSchema>;
  /** Like {@link parseDetail}, returning the error instead of throwing it. */
  safeParseDetail(detail: unknown): ParseResult<z.output<TSchema>>;
}

/** Any contract, whatever its source, detail-type, schema and producer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEventContract = EventContract<string, string, any>;

/** Any contract of our own (`defineEvent`): what `publish` and a declaration's `publishes` take. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPublishableContract = EventContract<string, string, any, 'application'>;

/** The `detail` type of a contract (after parsing). */
export type DetailOf<C extends AnyEventContract> = z.output<C['detailSchema']>;
/** The `detail` a producer passes for a contract (before defaults and transforms). */
export type DetailInputOf<C extends AnyEventContract> = z.input<C['detailSchema']>;
/** The full EventBridge event type of a contract. */
export type EventOf<C extends AnyEventContract> = EventBridgeEvent<C['detailType'], DetailOf<C>>;

const SOURCE_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Declares an event contract.
 *
 * @example
 * import * as z from 'zod/mini';
 *
 * export const OrderCreatedSchema = z.object({ orderId: z.string(), total: z.number().check(z.positive()) });
 * export const OrderCreated = defineEvent({
 *   source: 'myapp.orders',
 *   detailType: 'OrderCreated',
 *   detail: OrderCreatedSchema,
 *   description: 'A customer placed an order.',
 *   examples: [{ orderId: 'o-1', total: 42 }],
 * });
 * type OrderCreatedEvent = EventOf<typeof OrderCreated>;
 */
export function defineEvent<
  const TSource extends string,
  const TDetailType extends string,
  TSchema extends DetailSchema,
>(
  props: EventContractProps<TSource, TDetailType, TSchema>,
): EventContract<TSource, TDetailType, TSchema, 'application'> {
  if (props.source.startsWith('aws.')) {
    throw new InvalidContractError(
      `Invalid source ${JSON.stringify(props.source)}: sources starting with "aws." are reserved for AWS services. ` +
        'Use your own prefix, such as "myapp.", or declare an AWS service\'s event with defineAwsEvent.',
    );
  }
  return buildContract(props, 'application', { resourcesOf: undefined, documentation: undefined });
}

/**
 * The one place a contract object is made, for {@link defineEvent} and `defineAwsEvent`: the source, detail-type,
 * version and examples checked, then the parsers. Not exported from the package.
 */
export function buildContract<
  TSource extends string,
  TDetailType extends string,
  TSchema extends DetailSchema,
  TProducer extends EventProducer,
>(
  props: EventContractProps<TSource, TDetailType, TSchema>,
  producer: TProducer,
  extra: Pick<EventContract<TSource, TDetailType, TSchema>, 'resourcesOf' | 'documentation'>,
): EventContract<TSource, TDetailType, TSchema, TProducer> {
  const { source, detailType, detail: detailSchema, description, version = 1 } = props;
  const { compatibility = DEFAULT_COMPATIBILITY_MODE } = props;
  const name = `${source}/${detailType}`;
  if (!SOURCE_PATTERN.test(source) || source.length > 256) {
    throw new InvalidContractError(
      `Invalid source ${JSON.stringify(source)}: use 1-256 letters, digits, dots, dashes or underscores, such as "myapp.orders".`,
    );
  }
  if (detailType.length === 0 || detailType.length > 128) {
    throw new InvalidContractError(
      `Invalid detailType ${JSON.stringify(detailType)} for ${source}: use 1-128 characters, such as "OrderCreated".`,
    );
  }
  if (!Number.isInteger(version) || version < 1) {
    throw new InvalidContractError(
      `Invalid version ${JSON.stringify(version)} for ${name}: use a whole number from 1.`,
    );
  }
  if (!COMPATIBILITY_MODES.includes(compatibility)) {
    throw new InvalidContractError(
      `Invalid compatibility ${JSON.stringify(compatibility)} for ${name}: use one of ${COMPATIBILITY_MODES.join(', ')}.`,
    );
  }
  if (props.examples.length === 0) {
    throw new InvalidContractError(`Contract ${name} has no examples: give at least one valid detail.`);
  }

  const safeParseDetail = (raw: unknown): ParseResult<z.output<TSchema>> => {
    const result = safeParseWith(detailSchema, splitMetadata(raw).detail);
    if (result.success) return { success: true, data: result.data };
    return {
      success: false,
      error: new EventValidationError(name, toIssues(result.error, ['detail']), { cause: result.error }),
    };
  };

  const examples = props.examples.map((example, index) => {
    const result = safeParseDetail(example);
    if (!result.success) {
      throw new InvalidContractError(
        `Example ${index} of ${name} does not match its own schema: ${result.error.message}`,
        {
          cause: result.error,
        },
      );
    }
    return result.data;
  });

  const safeParse = (event: unknown): ParseResult<EventBridgeEvent<TDetailType, z.output<TSchema>>> => {
    const envelope = safeParseWith(EventEnvelopeSchema, event);
    if (!envelope.success) {
      return {
        success: false,
        error: new EventValidationError(name, toIssues(envelope.error, []), { cause: envelope.error }),
      };
    }
    const issues: ValidationIssue[] = [];
    if (envelope.data.source !== source) {
      issues.push({
        path: 'source',
        code: 'invalid_value',
        message: `expected "${source}", received "${envelope.data.source}"`,
      });
    }
    if (envelope.data['detail-type'] !== detailType) {
      issues.push({
        path: 'detail-type',
        code: 'invalid_value',
        message: `expected "${detailType}", received "${envelope.data['detail-type']}"`,
      });
    }
    const detail = safeParseDetail(envelope.data.detail);
    if (!detail.success) issues.push(...detail.error.issues);
    if (issues.length > 0) {
      return {
        success: false,
        error: new EventValidationError(name, issues, { cause: detail.success ? undefined : detail.error }),
      };
    }
    return {
      success: true,
      data: {
        ...envelope.data,
        'detail-type': detailType,
        detail: (detail as { data: z.output<TSchema> }).data,
      },
    };
  };

  return Object.freeze({
    producer,
    source,
    detailType,
    detailSchema,
    description,
    examples: Object.freeze(examples),
    version,
    compatibility,
    name,
    pattern: Object.freeze({ source: [source] as const, 'detail-type': [detailType] as const }),
    resourcesOf: extra.resourcesOf,
    documentation: extra.documentation,
    parse: (event: unknown) => unwrap(safeParse(event)),
    safeParse,
    parseDetail: (detail: unknown) => unwrap(safeParseDetail(detail)),
    safeParseDetail,
  });
}

function unwrap<T>(result: ParseResult<T>): T {
  if (result.success) return result.data;
  throw result.error;
}

function toIssues(error: z.core.$ZodError, prefix: readonly PropertyKey[]): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}
