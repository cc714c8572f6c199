import { type Bucket } from './bucket';
import { checkedDelivery, type Delivery, type DeliveryKindOptions } from './delivery';
import { type AnyEventContract, type AnyPublishableContract } from './contract';
import { InvalidSubscriptionError } from './errors';
import { publishesProblem } from './publishable';
import { STORE_NAME_PATTERN } from './settings';

/**
 * An EventBridge event pattern as a plain object: the contract's pattern, perhaps narrowed.
 * Validated by the pattern engine wherever a rule is made of it (the platform at synth, the local bus at start),
 * not when the subscription is defined: the handler's bundle imports its subscription, and the engine would
 * add 25 KB to every function.
 */
export type EventPattern = { readonly [key: string]: unknown };

/** How EventBridge and Lambda retry and age out one handler's events, on AWS and on the local bus alike. */
export interface DeliveryOptions {
  /**
   * Lambda async-invoke retries after the handler throws (0-2), before the event goes to the failure DLQ.
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * How long Lambda keeps retrying a failed event, in seconds (60-21600).
   * @default 21600 (6 hours, Lambda's own default)
   */
  readonly maxEventAgeSeconds?: number;
  /**
   * EventBridge's retries when it cannot deliver to the function at all (0-185), before the delivery DLQ.
   * @default 185 (EventBridge's default)
   */
  readonly deliveryRetryAttempts?: number;
  /**
   * How long EventBridge keeps trying to deliver, in seconds (60-86400).
   * @default 86400 (24 hours, EventBridge's default)
   */
  readonly deliveryMaxEventAgeSeconds?: number;
}

/**
 * What the rule delivers to the handler instead of the whole event: one of EventBridge's three target options,
 * with their AWS names in camelCase, so a subscription reads as the `AWS::Events::Rule` target it deploys as.
 *
 * - `{ inputPath }`: the part of the event a JSONPath selects (target `InputPath`).
 * - `{ inputPathsMap, inputTemplate }`: values picked from the event, placed into a template (target
 *   `InputTransformer`), with the predefined `<aws.events.*>` variables.
 * - `{ input }`: constant JSON text, whatever the event (target `Input`).
 *
 * @example
 * input: { inputPath: '$.detail' }
 * input: { inputPathsMap: { order: '$.detail.orderId' }, inputTemplate: '{"orderId": <order>, "rule": <aws.events.rule-name>}' }
 * input: { input: '{"action": "refresh"}' }
 */
export type SubscriptionInput =
  | {
      /** A JSONPath into the event, such as `$.detail`; the selected part is delivered. */
      readonly inputPath: string;
      readonly inputPathsMap?: never;
      readonly inputTemplate?: never;
      readonly input?: never;
    }
  | {
      /** Variable names (letters, digits, `-`, `_`) to JSONPaths into the event; at most 100. @default {} */
      readonly inputPathsMap?: Readonly<Record<string, string>>;
      /**
       * The text delivered, with `<variable>` placeholders (1-8192 characters). A template starting with a double
       * quote is a string; otherwise it must make JSON, or EventBridge delivers nothing.
       */
      readonly inputTemplate: string;
      readonly inputPath?: never;
      readonly input?: never;
    }
  | {
      /** Constant JSON text, such as `'{"action": "refresh"}'` or `'"tick"'`, delivered instead of the event. */
      readonly input: string;
      readonly inputPath?: never;
      readonly inputPathsMap?: never;
      readonly inputTemplate?: never;
    };

/**
 * What makes two deliveries of an event one, and how long the runtime remembers that it handled one. Delivery is at
 * least once, so every handler is idempotent: the runtime keeps a record per key (DynamoDB on AWS, files on the local
 * bus) and a repeated delivery returns the first one's outcome without running the handler. Data only: the runtime
 * reads it with Powertools' idempotency utility.
 *
 * @example
 * idempotency: { key: 'detail.orderId', expiresAfterSeconds: 3600 }
 */
export interface IdempotencyOptions {
  /**
   * A JMESPath expression into the event (its envelope and validated detail, without `_meta`), as Powertools'
   * `eventKeyJmesPath` takes it: deliveries whose values are equal are one delivery. An expression, not a JSONPath:
   * `detail.orderId`, not `$.detail.orderId`.
   * @default 'id' (the event's id: each event is handled once)
   */
  readonly key?: string;
  /**
   * How long a handled event's record, and the record of each email and event its handler sent, is kept, in seconds
   * (60-31622400). A duplicate, retry, redrive or replay within it repeats nothing; after it, the event is new.
   * @default 1209600 (14 days: as long as a failed event can wait in a dead-letter queue, so that a redrive does not
   * send again what the failed attempt had sent)
   */
  readonly expiresAfterSeconds?: number;
  /**
   * A JMESPath expression whose value must be the same for deliveries with the same key: a delivery under the key of
   * a handled event but with a different value fails permanently (`IdempotencyConflictError` of `@paved/runtime`)
   * instead of being skipped in silence. `false`: skip it without comparing.
   * @default 'detail'
   */
  readonly payloadValidation?: string | false;
}

/** {@link IdempotencyOptions} with every default filled in. */
export interface Idempotency {
  readonly key: string;
  readonly expiresAfterSeconds: number;
  readonly payloadValidation: string | false;
}

/** What {@link defineSubscription} takes: which handler runs for which events, and how. */
export interface SubscriptionProps<
  C extends AnyEventContract = AnyEventContract,
  S extends string = string,
  M extends boolean = boolean,
> extends DeliveryOptions {
  /** The handler's name, kebab-case, unique within its service, such as `reserve-stock`. */
  readonly name: string;
  /** The service (team) that owns the handler, such as `orders`. */
  readonly service: string;
  /** The event the handler consumes. */
  readonly contract: C;
  /** Absolute path of the module whose `handler` export is the Lambda entry point (`join(__dirname, 'handler.ts')`). */
  readonly entry: string;
  /** Name of the entry point export. @default 'handler' */
  readonly exportName?: string;
  /**
   * The rule's event pattern. Must keep the contract's source and detail-type; use it to narrow further.
   * @default contract.pattern
   */
  readonly pattern?: EventPattern;
  /** One sentence: what the handler does. */
  readonly description: string;
  /** Function timeout in seconds (1-900). @default 10 */
  readonly timeoutSeconds?: number;
  /** Function memory in MB (128-10240). @default 256 */
  readonly memorySizeMb?: number;
  /** Reserved concurrency, to protect a downstream that cannot take more. @default none */
  readonly reservedConcurrency?: number;
  /**
   * Contracts the handler publishes: it is allowed to put exactly these on the bus. Our own contracts only: an AWS
   * contract (`defineAwsEvent`) is refused. @default []
   */
  readonly publishes?: readonly AnyPublishableContract[];
  /**
   * The stores the handler keeps records in, by name, such as `['stock']`: on AWS an S3 bucket each (private,
   * encrypted, versioned) with exactly the handler's grants; locally a folder under the outbox. The handler reaches
   * them as `storesOf(subscription).stock` (`@paved/adapters`). Names are kebab-case.
   * @default []
   */
  readonly stores?: readonly S[];
  /**
   * Whether the handler sends email: on AWS the right to send through SES as the `mailFrom` context's address;
   * locally the outbox's `email/` folder. The handler reaches it as `mailerOf(subscription)` (`@paved/adapters`).
   * @default false
   */
  readonly sendsEmail?: M;
  /**
   * Declared buckets whose objects the handler reads, such as the uploads bucket whose `Object Created` events it
   * handles: on AWS `s3:GetObject` on that bucket's objects alone; locally the bus's object store. The handler reads
   * them with `objectsIn(subscription)` (`@paved/adapters`).
   * @default []
   */
  readonly reads?: readonly Bucket[];
  /** Environment variables for the function. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * What the rule delivers instead of the whole event: an input path, an input transformer or constant input.
   * The platform deploys it as the rule target's `InputPath`, `InputTransformer` or `Input`, and the local bus
   * applies it, so the handler receives the same payload on both. Like the pattern, it is checked with AWS's
   * `PutTargets` rules wherever a rule is made of it (the platform at synth, the local bus at start; see
   * `validateSubscriptionInput`), not here, which keeps that code out of every handler's bundle.
   *
   * **The handler receives this payload, not an EventBridge event**, so its entry must accept that shape: a
   * handler made with `defineHandler` validates an event envelope, and would reject it.
   * @default the whole event
   */
  readonly input?: SubscriptionInput;
  /**
   * What makes two deliveries one (`key`, a JMESPath into the event), how long a handled event is remembered, and
   * what must match between them. Every handler is idempotent; this only says by what.
   * @default { key: 'id', expiresAfterSeconds: 1209600, payloadValidation: 'detail' }
   */
  readonly idempotency?: IdempotencyOptions;
  /**
   * How the events reach the handler: `direct` (the rule invokes the function, one event each), `queue` (through an
   * SQS queue, in batches, with a maximum concurrency) or `stream` (through a Kinesis stream, in batches, in order per
   * partition key). A `queue` or `stream` handler is made with `defineBatchHandler` (`@paved/runtime`).
   * @default { kind: 'direct' }
   */
  readonly delivery?: DeliveryKindOptions;
}

/** A validated subscription with every default filled in: what the CDK construct and the local bus both read. */
export interface Subscription<
  C extends AnyEventContract = AnyEventContract,
  S extends string = string,
  M extends boolean = boolean,
> extends Required<DeliveryOptions> {
  readonly name: string;
  readonly service: string;
  /** `<service>-<name>`: unique in the workspace; the rule and function are named after it. */
  readonly id: string;
  readonly contract: C;
  readonly entry: string;
  readonly exportName: string;
  readonly pattern: EventPattern;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly reservedConcurrency: number | undefined;
  readonly publishes: readonly AnyPublishableContract[];
  readonly stores: readonly S[];
  readonly sendsEmail: M;
  readonly reads: readonly Bucket[];
  readonly environment: Readonly<Record<string, string>>;
  /** What the rule delivers instead of the whole event; `undefined`: the whole event. */
  readonly input: SubscriptionInput | undefined;
  /** What makes two deliveries one, and for how long (see {@link IdempotencyOptions}). */
  readonly idempotency: Idempotency;
  /** How the events reach the handler, with every default filled in (see {@link DeliveryKindOptions}). */
  readonly delivery: Delivery;
}

const INPUT_KEYS = new Set(['inputPath', 'inputPathsMap', 'inputTemplate', 'input']);

const IDEMPOTENCY_KEYS = new Set(['key', 'expiresAfterSeconds', 'payloadValidation']);

/** The idempotency a subscription gets unless it says otherwise. */
export const DEFAULT_IDEMPOTENCY: Idempotency = Object.freeze({
  key: 'id',
  expiresAfterSeconds: 14 * 24 * 60 * 60,
  payloadValidation: 'detail',
});

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Declares which handler runs for which events. One object, read by the handler's CDK construct and by the
 * local bus, so what runs locally is what deploys.
 *
 * @example
 * export const subscription = defineSubscription({
 *   name: 'reserve-stock',
 *   service: 'orders',
 *   contract: OrderCreated,
 *   entry: join(__dirname, 'handler.ts'),
 *   description: 'Reserves stock for every line of a new order.',
 * });
 */
export function defineSubscription<
  C extends AnyEventContract,
  const S extends string = never,
  M extends boolean = false,
>(props: SubscriptionProps<C, S, M>): Subscription<C, S, M> {
  const fail = (what: string, value: unknown, fix: string): never => {
    throw new InvalidSubscriptionError(
      `Invalid ${what} ${JSON.stringify(value)} for handler ${props.service}/${props.name}: ${fix}`,
    );
  };
  if (!NAME_PATTERN.test(props.name)) fail('name', props.name, 'use kebab-case, such as "reserve-stock".');
  if (!NAME_PATTERN.test(props.service)) fail('service', props.service, 'use kebab-case, such as "orders".');
  const integer = (what: keyof SubscriptionProps, min: number, max: number, fallback: number): number => {
    const value = (props[what] as number | undefined) ?? fallback;
    if (!Number.isInteger(value) || value < min || value > max)
      fail(what, value, `use a whole number from ${min} to ${max}.`);
    return value;
  };
  const pattern = props.pattern ?? props.contract.pattern;
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern))
    fail(
      'pattern',
      pattern,
      'give an event pattern object, such as { ...contract.pattern, detail: { ... } }.',
    );
  const stores = props.stores ?? [];
  for (const store of stores) {
    if (!STORE_NAME_PATTERN.test(store)) fail('store name', store, 'use kebab-case, such as "stock".');
  }
  if (new Set(stores).size !== stores.length) fail('stores', stores, 'name each store once.');
  for (const key of ['source', 'detail-type'] as const) {
    if (JSON.stringify(pattern[key]) !== JSON.stringify(props.contract.pattern[key])) {
      fail(
        `pattern.${key}`,
        pattern[key],
        `keep the contract's ${JSON.stringify(props.contract.pattern[key])} (spread contract.pattern and narrow other fields).`,
      );
    }
  }
  const publishes = props.publishes ?? [];
  const problem = publishesProblem(publishes);
  if (problem) fail('publishes', problem.value, problem.fix);
  const input = props.input === undefined ? undefined : checkedInput(props.input, fail);
  const idempotency = checkedIdempotency(props.idempotency, fail);
  const reservedConcurrency =
    props.reservedConcurrency === undefined ? undefined : integer('reservedConcurrency', 0, 1000, 0);
  const delivery = checkedDelivery(
    props.delivery,
    {
      reservedConcurrency,
      setsAsyncRetries: props.retryAttempts !== undefined || props.maxEventAgeSeconds !== undefined,
    },
    fail,
  );
  return Object.freeze({
    name: props.name,
    service: props.service,
    id: `${props.service}-${props.name}`,
    contract: props.contract,
    entry: props.entry,
    exportName: props.exportName ?? 'handler',
    pattern,
    description: props.description,
    timeoutSeconds: integer('timeoutSeconds', 1, 900, 10),
    memorySizeMb: integer('memorySizeMb', 128, 10240, 256),
    reservedConcurrency,
    retryAttempts: integer('retryAttempts', 0, 2, 2),
    maxEventAgeSeconds: integer('maxEventAgeSeconds', 60, 21600, 21600),
    deliveryRetryAttempts: integer('deliveryRetryAttempts', 0, 185, 185),
    deliveryMaxEventAgeSeconds: integer('deliveryMaxEventAgeSeconds', 60, 86400, 86400),
    publishes: Object.freeze([...publishes]),
    stores: Object.freeze([...stores]),
    reads: Object.freeze([...(props.reads ?? [])]),
    sendsEmail: (props.sendsEmail ?? false) as M,
    environment: Object.freeze({ ...props.environment }),
    input,
    idempotency,
    delivery,
  });
}

/** The input's shape checked (an object of known keys); AWS's own checks wait for the rule (see `input`). */
function checkedInput(
  input: SubscriptionInput,
  fail: (what: string, value: unknown, fix: string) => never,
): SubscriptionInput {
  const keys = input !== null && typeof input === 'object' && !Array.isArray(input) ? Object.keys(input) : [];
  const unknown = keys.filter((key) => !INPUT_KEYS.has(key));
  if (keys.length === 0 || unknown.length > 0) {
    fail(
      'input',
      input,
      `${unknown.length > 0 ? `unknown ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ` : ''}` +
        'declare one of { inputPath }, { inputPathsMap, inputTemplate } or { input }.',
    );
  }
  return Object.freeze(
    input.inputPathsMap === undefined
      ? { ...input }
      : { ...input, inputPathsMap: Object.freeze({ ...input.inputPathsMap }) },
  ) as SubscriptionInput;
}

/**
 * The idempotency declaration with its defaults. The expressions are checked for the mistakes a declaration can make
 * (a JSONPath, `_meta`, which the runtime removes before keying); the runtime compiles them when the handler loads,
 * which keeps the JMESPath engine out of this module.
 */
function checkedIdempotency(
  idempotency: IdempotencyOptions | undefined,
  fail: (what: string, value: unknown, fix: string) => never,
): Idempotency {
  if (idempotency === undefined) return DEFAULT_IDEMPOTENCY;
  const keys =
    idempotency !== null && typeof idempotency === 'object' && !Array.isArray(idempotency)
      ? Object.keys(idempotency)
      : undefined;
  const unknown = keys?.filter((key) => !IDEMPOTENCY_KEYS.has(key)) ?? [];
  if (keys === undefined || unknown.length > 0) {
    fail(
      'idempotency',
      idempotency,
      `${unknown.length > 0 ? `unknown ${unknown.map((k) => JSON.stringify(k)).join(', ')}; ` : ''}` +
        "declare { key?, expiresAfterSeconds?, payloadValidation? }, such as { key: 'detail.orderId' }.",
    );
  }
  const expression = (what: string, value: unknown): void => {
    if (typeof value !== 'string' || value.trim() === '')
      fail(what, value, "give a JMESPath expression into the event, such as 'detail.orderId'.");
    if (value.trimStart().startsWith('$'))
      fail(
        what,
        value,
        `write it as JMESPath, without "$.": ${JSON.stringify(value.replace(/^\s*\$\.?/, ''))}.`,
      );
    if (/(^|[.[\s])_meta\b/.test(value))
      fail(what, value, 'leave out _meta: the runtime removes it from the detail before keying.');
  };
  const key = idempotency.key ?? DEFAULT_IDEMPOTENCY.key;
  expression('idempotency.key', key);
  const payloadValidation = idempotency.payloadValidation ?? DEFAULT_IDEMPOTENCY.payloadValidation;
  if (payloadValidation !== false) expression('idempotency.payloadValidation', payloadValidation);
  const expiresAfterSeconds = idempotency.expiresAfterSeconds ?? DEFAULT_IDEMPOTENCY.expiresAfterSeconds;
  if (!Number.isInteger(expiresAfterSeconds) || expiresAfterSeconds < 60 || expiresAfterSeconds > 31_622_400)
    fail(
      'idempotency.expiresAfterSeconds',
      expiresAfterSeconds,
      'use a whole number of seconds from 60 to 31622400 (366 days).',
    );
  return Object.freeze({ key, expiresAfterSeconds, payloadValidation });
}
