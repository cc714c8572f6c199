import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { type BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { HANDLER_ENV } from '@paved/events';
import { type Context } from 'aws-lambda';
import { IdempotencyConfigError } from '../errors';
import { FilePersistenceLayer } from './file-layer';
import { traceAwsClient } from '../telemetry/aws-sdk';
import { MemoryPersistenceLayer } from './memory-layer';
import { type StoredRecord } from './records';

/** How one kind of idempotent operation keys, compares and keeps its records. */
export interface RecordSettings {
  /** Starts every record's key, naming its owner: `orders-charge-payment`, `orders-charge-payment#publish`. */
  readonly prefix: string;
  /** JMESPath into the data an operation is called with: what makes two calls one. */
  readonly keyPath: string;
  /** JMESPath whose value must be equal between calls with one key; undefined: not compared. */
  readonly payloadPath?: string;
  /** How long a completed record is kept, in seconds. */
  readonly expiresAfterSeconds: number;
}

/**
 * Where idempotency records are kept: a DynamoDB table on AWS, files on the local bus, a map in a test. It hands out
 * one Powertools persistence layer per {@link RecordSettings}, because a layer keeps the first configuration it is
 * given; all of them keep their records in the same place.
 */
export interface IdempotencyStore {
  readonly kind: 'dynamodb' | 'files' | 'memory';
  /** The layer for `settings`, configured; the same one each time for the same settings. */
  layer(settings: RecordSettings): Promise<BasePersistenceLayer>;
}

/** Powertools' configuration for `settings`, with the invocation's time left when there is one. */
export function idempotencyConfig(
  settings: RecordSettings,
  lambdaContext?: Pick<Context, 'getRemainingTimeInMillis'>,
): IdempotencyConfig {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: settings.keyPath,
    payloadValidationJmesPath: settings.payloadPath,
    expiresAfterSeconds: settings.expiresAfterSeconds,
    // A key the expression cannot find is an error of ours, not a reason to skip idempotency in silence.
    throwOnNoIdempotencyKey: true,
  });
  // An in-progress record expires when the invocation's time is up, so a timed-out one can be taken over.
  if (lambdaContext) config.registerLambdaContext(lambdaContext as Context);
  return config;
}

/**
 * Whether idempotency is on: Powertools' `POWERTOOLS_IDEMPOTENCY_DISABLED=true` turns it off (for debugging, never in
 * production), for what `makeIdempotent` wraps and for the records the runtime keeps itself alike.
 */
export function idempotencyEnabled(): boolean {
  return new IdempotencyConfig({}).isEnabled();
}

class LayerStore implements IdempotencyStore {
  readonly #layers = new Map<string, Promise<BasePersistenceLayer>>();

  constructor(
    readonly kind: IdempotencyStore['kind'],
    private readonly create: () => BasePersistenceLayer | Promise<BasePersistenceLayer>,
  ) {}

  layer(settings: RecordSettings): Promise<BasePersistenceLayer> {
    const id = JSON.stringify([
      settings.prefix,
      settings.keyPath,
      settings.payloadPath ?? null,
      settings.expiresAfterSeconds,
    ]);
    let layer = this.#layers.get(id);
    if (!layer) {
      layer = (async () => {
        const created = await this.create();
        created.configure({ config: idempotencyConfig(settings), keyPrefix: settings.prefix });
        return created;
      })();
      // A failed creation (the DynamoDB client could not load) is not cached: the next invocation tries again.
      layer.catch(() => this.#layers.delete(id));
      this.#layers.set(id, layer);
    }
    return layer;
  }
}

/** Records in one DynamoDB table (Powertools' layer), with one client for every layer; loaded on first use. */
export function dynamoDbIdempotencyStore(tableName: string): IdempotencyStore {
  let client: Promise<unknown> | undefined;
  return new LayerStore('dynamodb', async () => {
    // Imported here, not at the top: a handler loads the DynamoDB client only when it runs on AWS.
    const { DynamoDBPersistenceLayer, DynamoDBClient } = await import('./dynamodb.js');
    // Traced: each record's read and write is a child span of the delivery's, as the handler's own AWS calls are.
    client ??= Promise.resolve(traceAwsClient(new DynamoDBClient({})));
    const layer = new DynamoDBPersistenceLayer({
      tableName,
      awsSdkV3Client: (await client) as InstanceType<typeof DynamoDBClient>,
    });
    // The dynamic import resolves Powertools' ESM typings, whose base class TypeScript tells from the CommonJS one.
    return layer as unknown as BasePersistenceLayer;
  });
}

/** Records as files under `dir`, shared by every thread and process using it, kept across restarts. */
export function fileIdempotencyStore(dir: string): IdempotencyStore {
  return new LayerStore('files', () => new FilePersistenceLayer(dir));
}

/** Records in memory: this store's layers share them, and nothing else sees them. */
export function memoryIdempotencyStore(): IdempotencyStore {
  const records = new Map<string, StoredRecord>();
  return new LayerStore('memory', () => new MemoryPersistenceLayer(records));
}

const fromEnvironment = new Map<string, IdempotencyStore>();

/**
 * The store for where the handler runs, read from `env` on each call (so a test may set it after loading the
 * handler), and the same store for the same setting:
 * - on AWS, the DynamoDB table in `PAVED_IDEMPOTENCY_TABLE` (the platform creates one per service and sets it);
 * - with `PAVED_LOCAL=1`, the folder in `PAVED_IDEMPOTENCY_DIR` (the local bus and `useLocalOutbox()` set it),
 *   else memory for this process.
 *
 * @throws {@link IdempotencyConfigError} on AWS without `PAVED_IDEMPOTENCY_TABLE`.
 */
export function idempotencyStoreFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IdempotencyStore {
  const local = env[HANDLER_ENV.local] === '1';
  const setting = local ? env[HANDLER_ENV.localIdempotencyDir] : env[HANDLER_ENV.idempotencyTable];
  if (!local && !setting) {
    throw new IdempotencyConfigError(
      `Environment variable ${HANDLER_ENV.idempotencyTable} is not set: it names the DynamoDB table of the ` +
        "service's idempotency records. Deploy the handler with the platform's EventHandler (which sets it), or " +
        `set ${HANDLER_ENV.local}=1 to run it locally.`,
    );
  }
  const id = `${local ? (setting ? 'files' : 'memory') : 'dynamodb'}:${setting ?? ''}`;
  let store = fromEnvironment.get(id);
  if (!store) {
    store = !local
      ? dynamoDbIdempotencyStore(setting!)
      : setting
        ? fileIdempotencyStore(setting)
        : memoryIdempotencyStore();
    fromEnvironment.set(id, store);
  }
  return store;
}
