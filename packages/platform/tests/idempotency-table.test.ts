import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import {
  EventHandler,
  findNagFindings,
  IDEMPOTENCY_TABLE_ACTIONS,
  IdempotencyTable,
  InvalidPlatformConfigError,
  ServiceStack,
} from '../src';
import { auditOrder, createThumbnail, inventorySubscriptions } from './fixtures/handlers';
import { prepareFixtureBundles, serviceTemplate, testApp } from './helpers';

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every statement of the policies attached to `handler`'s role. */
function statementsOf(handler: EventHandler): Statement[] {
  const stack = Stack.of(handler);
  const template = Template.fromStack(stack);
  const role = stack.getLogicalId(handler.role.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy['Properties']['Roles']).includes(role))
    .flatMap((policy) => policy['Properties']['PolicyDocument']['Statement'] as Statement[]);
}

const actionsOn = (statements: Statement[], prefix: string) =>
  statements
    .filter((statement) => [statement.Action].flat().some((action) => action.startsWith(prefix)))
    .map((statement) => ({ actions: [statement.Action].flat().sort(), resource: statement.Resource }));

describe('IdempotencyTable', () => {
  let stack: ServiceStack;
  let template: Template;

  beforeAll(() => {
    prepareFixtureBundles();
    stack = new ServiceStack(testApp(), 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      env: { account: '111111111111', region: 'eu-west-1' },
    });
    template = serviceTemplate(stack);
  });

  it('is one on-demand table per service, keyed by id, expiring records by expiration, recoverable, encrypted', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      // Short-lived records, no business data: a retained table would only be an orphan.
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
    // DynamoDB encrypts every table at rest: SSEEnabled false means with a key AWS owns (no KMS key, no KMS cost).
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(table!['Properties']['SSESpecification']).toEqual({ SSEEnabled: false });
    expect(stack.idempotencyTable.service).toBe('inventory');
  });

  it.each(inventorySubscriptions.map((subscription) => [subscription.id, subscription.name]))(
    '%s may get, put, update and delete items of its service table alone, and knows its name',
    (_id, name) => {
      const handler = stack.handler(name);
      // The handler's nested stack gets the table as parameters from the service stack.
      const own = Stack.of(handler);
      expect(actionsOn(statementsOf(handler), 'dynamodb:')).toEqual([
        {
          actions: [...IDEMPOTENCY_TABLE_ACTIONS],
          resource: { Ref: expect.stringMatching(/^referencetoInventoryIdempotencyTable.*Arn$/) },
        },
      ]);
      expect(actionsOn(statementsOf(handler), 'dynamodb:')[0]!.resource).toEqual(
        own.resolve(stack.idempotencyTable.table.tableArn),
      );
      const variables = Template.fromStack(own).toJSON().Resources[
        own.getLogicalId(handler.function.node.defaultChild as Parameters<Stack['getLogicalId']>[0])
      ].Properties.Environment.Variables as Record<string, unknown>;
      expect(variables['PAVED_IDEMPOTENCY_TABLE']).toEqual(
        own.resolve(stack.idempotencyTable.table.tableName),
      );
      expect(variables['PAVED_IDEMPOTENCY_TABLE']).toEqual({
        Ref: expect.stringMatching(/^referencetoInventoryIdempotencyTable.*Ref$/),
      });
      expect(variables['PAVED_FAILURE_DLQ_URL']).toEqual(own.resolve(handler.failureDlq.queueUrl));
    },
  );

  it.each(inventorySubscriptions.map((subscription) => [subscription.id, subscription.name]))(
    '%s may send to its own failure DLQ, the one queue it sends permanent failures to',
    (_id, name) => {
      const handler = stack.handler(name);
      const sqs = actionsOn(statementsOf(handler), 'sqs:');
      expect(sqs.map(({ resource }) => resource)).toEqual([
        Stack.of(handler).resolve(handler.failureDlq.queueArn),
      ]);
      expect(sqs[0]!.actions).toContain('sqs:SendMessage');
    },
  );

  it('has no unacknowledged cdk-nag finding', () => {
    expect(
      findNagFindings(stack).filter((finding) => finding.paths.some((path) => path.includes('Idempotency'))),
    ).toEqual([]);
  });

  it("gives a handler outside a service stack its stack's table of its service, made once", () => {
    const app = testApp();
    const bare = new Stack(app, 'Bare');
    const eventBus = events.EventBus.fromEventBusName(bare, 'Bus', 'paved');
    const [reserve, notify] = inventorySubscriptions.map(
      (subscription) => new EventHandler(bare, subscription.id, { subscription, eventBus }),
    );
    const audit = new EventHandler(bare, 'Audit', { subscription: auditOrder, eventBus });
    expect(reserve!.idempotencyTable).toBe(notify!.idempotencyTable);
    expect(reserve!.idempotencyTable).toBe(IdempotencyTable.forService(bare, 'inventory'));
    expect(audit.idempotencyTable.service).toBe(auditOrder.service);
    // One table for inventory, one for audit.
    Template.fromStack(bare).resourceCountIs('AWS::DynamoDB::Table', 2);
  });

  it("refuses another service's table for a handler", () => {
    const app = testApp();
    const bare = new Stack(app, 'Mixed');
    const eventBus = events.EventBus.fromEventBusName(bare, 'Bus', 'paved');
    const media = new IdempotencyTable(bare, 'MediaTable', { service: createThumbnail.service });
    expect(
      () =>
        new EventHandler(bare, 'Reserve', {
          subscription: inventorySubscriptions[0]!,
          eventBus,
          idempotencyTable: media,
        }),
    ).toThrow(InvalidPlatformConfigError);
  });

  it('keeps the table on deletion when asked to', () => {
    const bare = new Stack(testApp(), 'Kept');
    new IdempotencyTable(bare, 'Table', { service: 'inventory', removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(bare).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });
});
