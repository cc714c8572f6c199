import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { HANDLER_ENV, pascalCase } from '@paved/events';
import { Construct } from 'constructs';
import { type EventHandler } from './event-handler';

/** What {@link IdempotencyTable} takes. */
export interface IdempotencyTableProps {
  /** The service whose handlers keep their idempotency records in the table. */
  readonly service: string;
  /**
   * What happens to the table when the stack is deleted.
   * @default RemovalPolicy.DESTROY: it holds records that expire within days (the subscriptions'
   * `idempotency.expiresAfterSeconds`) and no business data; a retained copy would only be an orphan, since a new
   * table starts empty either way
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The DynamoDB actions Powertools' persistence layer uses, and nothing else (no Query, Scan or batch calls). */
export const IDEMPOTENCY_TABLE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

const byStack = new WeakMap<Stack, Map<string, IdempotencyTable>>();

/**
 * The DynamoDB table a service's handlers keep their idempotency records in (`@paved/runtime`, through Powertools'
 * DynamoDB persistence layer): partition key `id`, time to live on `expiration` (so expired records go away by
 * themselves), on-demand billing, point-in-time recovery, encrypted with an AWS-owned key. One per service, shared by
 * its handlers: each record's key starts with its handler's id, and each handler may only get, put, update and delete
 * items in its own service's table ({@link grantRecords}).
 *
 * `ServiceStack` makes one; an `EventHandler` outside one uses {@link IdempotencyTable.forService}.
 *
 * @example
 * const table = new IdempotencyTable(this, 'IdempotencyTable', { service: 'orders' });
 * table.grantRecords(handler);
 */
export class IdempotencyTable extends Construct {
  readonly service: string;
  readonly table: dynamodb.Table;

  /** The table of `service` in the stack of `scope`: the one made there already, else a new one at the stack's root. */
  static forService(scope: Construct, service: string): IdempotencyTable {
    const stack = Stack.of(scope);
    return (
      byStack.get(stack)?.get(service) ??
      new IdempotencyTable(stack, `IdempotencyTable${pascalCase(service)}`, { service })
    );
  }

  constructor(scope: Construct, id: string, props: IdempotencyTableProps) {
    super(scope, id);
    this.service = props.service;
    this.table = new dynamodb.Table(this, 'Table', {
      // Powertools' DynamoDBPersistenceLayer defaults: `id` as the key, `expiration` (epoch seconds) as the TTL.
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Records hold hashed keys and handlers' small outcomes: an AWS-owned key encrypts them at no KMS cost.
      encryption: dynamodb.TableEncryption.DEFAULT,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    const stack = Stack.of(this);
    const tables = byStack.get(stack) ?? new Map<string, IdempotencyTable>();
    tables.set(props.service, this);
    byStack.set(stack, tables);
  }

  /**
   * Lets `handler` keep its records here: the four item actions Powertools uses on this table only, and the table's
   * name in `PAVED_IDEMPOTENCY_TABLE`.
   */
  grantRecords(handler: EventHandler): void {
    handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...IDEMPOTENCY_TABLE_ACTIONS], resources: [this.table.tableArn] }),
    );
    handler.function.addEnvironment(HANDLER_ENV.idempotencyTable, this.table.tableName);
  }
}
