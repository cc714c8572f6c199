import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { defineEvent, S3ObjectCreated } from '@paved/events';
import * as z from 'zod';
import {
  AlarmTopic,
  ContractSchemaRegistry,
  contractSchemaDocument,
  contractSchemaName,
  InvalidPlatformConfigError,
  PavedBus,
  platformNames,
  PlatformStack,
} from '../src';
import { OrderCreated, StockReserved, StockShort } from './fixtures/contracts';
import { testApp } from './helpers';

describe('PlatformStack', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new PlatformStack(testApp(), 'Platform', {
      // OrderCreated twice, as when every consumer's contracts are concatenated: one schema. S3ObjectCreated is
      // AWS's: its schema is in AWS's own registry.
      contracts: [OrderCreated, StockReserved, StockShort, OrderCreated, S3ObjectCreated],
      alarmEmails: ['oncall@example.com'],
    });
    template = Template.fromStack(stack);
  });

  it('creates one custom bus, named from the configuration', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'paved' });
  });

  it('archives every event on the bus for 30 days, for replay', () => {
    template.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: 'paved-archive',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventBus'), 'Arn'] },
      RetentionDays: 30,
      EventPattern: Match.absent(),
    });
  });

  it('lets only this account put events on the bus', () => {
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      StatementId: 'cdk-PutEventsFromThisAccount',
      Statement: {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: {
          AWS: {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
            ],
          },
        },
        Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventBus'), 'Arn'] },
        Sid: 'cdk-PutEventsFromThisAccount',
      },
    });
  });

  it('holds one OpenAPI 3 schema per distinct contract in the registry', () => {
    template.hasResourceProperties('AWS::EventSchemas::Registry', { RegistryName: 'paved-contracts' });
    template.resourceCountIs('AWS::EventSchemas::Schema', 3);
    template.hasResourceProperties('AWS::EventSchemas::Schema', {
      RegistryName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Schemas'), 'RegistryName'] },
      SchemaName: 'paved.fixtures.orders@OrderCreated',
      Type: 'OpenApi3',
      Description: 'A customer placed an order.',
      Content: JSON.stringify(contractSchemaDocument(OrderCreated)),
    });
    template.hasResourceProperties('AWS::EventSchemas::Schema', {
      SchemaName: 'paved.fixtures.inventory@StockShort',
    });
  });

  it('encrypts the alarm topic with a rotated key CloudWatch may use, lets CloudWatch publish over TLS only, and subscribes the emails', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'paved-alarms',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('outputs the ARNs that scripts (redrive, replay) need', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn',
      'ArchiveArn',
      'EventBusArn',
    ]);
  });
});

describe('PavedBus', () => {
  it('lets every account of an organization put events, and no one else', () => {
    const stack = new Stack(testApp(), 'Platform');
    new PavedBus(stack, 'Bus', {
      busName: 'paved-dev',
      organizationId: 'o-a1b2c3d4e5',
      archiveRetention: Duration.days(90),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      Statement: {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Principal: { AWS: '*' },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        Resource: Match.anyValue(),
        Sid: 'cdk-PutEventsFromTheOrganization',
      },
    });
    template.hasResourceProperties('AWS::Events::Archive', {
      ArchiveName: 'paved-dev-archive',
      RetentionDays: 90,
    });
  });

  it('rejects an organization id that is not one, saying what one looks like', () => {
    const stack = new Stack(testApp(), 'Platform');
    expect(() => new PavedBus(stack, 'Bus', { organizationId: '123456789012' })).toThrow(
      'Invalid organizationId "123456789012": use the id AWS Organizations shows, such as "o-a1b2c3d4e5".',
    );
  });

  it('imports the bus by name, so services need no cross-stack reference', () => {
    const stack = new Stack(testApp(), 'Service', { env: { account: '111111111111', region: 'eu-west-1' } });
    const bus = PavedBus.fromBusName(stack, 'Bus', 'paved-dev');
    expect(bus.eventBusName).toBe('paved-dev');
    expect(stack.resolve(bus.eventBusArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:event-bus/paved-dev'],
      ],
    });
  });
});

describe('platformNames', () => {
  it('derives every shared name from the bus name', () => {
    const names = platformNames('paved-dev');
    expect(names).toEqual(
      expect.objectContaining({
        busName: 'paved-dev',
        archiveName: 'paved-dev-archive',
        registryName: 'paved-dev-contracts',
        alarmTopicName: 'paved-dev-alarms',
      }),
    );
    expect(names.dashboardName('inventory')).toBe('paved-dev-inventory');
    expect(platformNames().busName).toBe('paved');
  });

  it('rejects a bus name some derived name could not use', () => {
    try {
      platformNames('paved.dev');
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPlatformConfigError);
      expect((error as InvalidPlatformConfigError).code).toBe('INVALID_PLATFORM_CONFIG');
      expect((error as Error).message).toBe(
        'Invalid bus name "paved.dev": use 1-40 letters, digits, "-" or "_", such as "paved" or "paved-dev".',
      );
    }
  });
});

describe('AlarmTopic', () => {
  it('rejects an email address that is not one', () => {
    const stack = new Stack(testApp(), 'Platform');
    expect(() => new AlarmTopic(stack, 'Alarms', { emails: ['oncall'] })).toThrow(
      'Invalid alarm email "oncall": use an address such as "oncall@example.com".',
    );
  });

  it('finds a topic in another stack by name', () => {
    const stack = new Stack(testApp(), 'Service', { env: { account: '111111111111', region: 'eu-west-1' } });
    expect(stack.resolve(AlarmTopic.fromTopicName(stack, 'Alarms', 'paved-alarms').topicArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:eu-west-1:111111111111:paved-alarms']],
    });
  });
});

describe('contractSchemaDocument', () => {
  it('wraps the contract in the OpenAPI 3 shape of an AWS discovered schema', () => {
    const document = contractSchemaDocument(StockShort);
    expect(document).toEqual({
      openapi: '3.0.0',
      info: { version: '1.0.0', title: 'StockShort', description: 'An order could not be reserved in full.' },
      paths: {},
      components: {
        schemas: {
          AWSEvent: {
            type: 'object',
            required: [
              'detail-type',
              'resources',
              'detail',
              'id',
              'source',
              'time',
              'region',
              'version',
              'account',
            ],
            'x-amazon-events-detail-type': 'Stock Short',
            'x-amazon-events-source': 'paved.fixtures.inventory',
            properties: {
              detail: { $ref: '#/components/schemas/StockShort' },
              account: { type: 'string' },
              'detail-type': { type: 'string' },
              id: { type: 'string' },
              region: { type: 'string' },
              resources: { type: 'array', items: { type: 'string' } },
              source: { type: 'string' },
              time: { type: 'string', format: 'date-time' },
              version: { type: 'string' },
            },
          },
          StockShort: {
            type: 'object',
            properties: {
              orderId: { type: 'string', minLength: 1 },
              missingSkus: { type: 'array', items: { type: 'string' }, minItems: 1 },
            },
            required: ['orderId', 'missingSkus'],
          },
        },
      },
    });
    expect(contractSchemaName(StockShort)).toBe('paved.fixtures.inventory@StockShort');
  });

  it("hoists zod's shared definitions into components and points the references at them", () => {
    const Line = z.object({ sku: z.string() }).meta({ id: 'line' });
    const Shipped = defineEvent({
      source: 'paved.fixtures.shipping',
      detailType: 'OrderShipped',
      detail: z.object({ first: Line, rest: z.array(Line) }),
      description: 'An order left the warehouse.',
      examples: [{ first: { sku: 'a' }, rest: [] }],
      version: 2,
    });
    const { info, components } = contractSchemaDocument(Shipped) as {
      info: { version: string };
      components: { schemas: Record<string, unknown> };
    };
    expect(info.version).toBe('2.0.0');
    expect(Object.keys(components.schemas)).toEqual(['AWSEvent', 'OrderShipped', 'OrderShippedLine']);
    expect(components.schemas['OrderShipped']).toEqual(
      expect.objectContaining({
        properties: {
          first: { $ref: '#/components/schemas/OrderShippedLine' },
          rest: { type: 'array', items: { $ref: '#/components/schemas/OrderShippedLine' } },
        },
      }),
    );
    expect(JSON.stringify(components)).not.toContain('#/definitions');
  });
});

describe('ContractSchemaRegistry', () => {
  it('refuses two different contracts with one source and detail-type', () => {
    const Impostor = defineEvent({
      source: OrderCreated.source,
      detailType: OrderCreated.detailType,
      detail: z.object({ id: z.string() }),
      description: 'Another OrderCreated.',
      examples: [{ id: 'x' }],
    });
    const stack = new Stack(testApp(), 'Platform');
    expect(
      () => new ContractSchemaRegistry(stack, 'Schemas', { contracts: [OrderCreated, Impostor] }),
    ).toThrow(
      'Two different contracts are named paved.fixtures.orders/OrderCreated (schema paved.fixtures.orders@OrderCreated).',
    );
  });
});
