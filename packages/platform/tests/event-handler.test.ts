import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { defineSubscription, InvalidSubscriptionError, type SubscriptionInput } from '@paved/events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventHandler, InvalidRuleError, type EventHandlerProps } from '../src';
import { OrderCreated } from './fixtures/contracts';
import {
  auditOrder,
  notifyCustomer as notifyCustomerSubscription,
  reserveStock as reserveStockSubscription,
} from './fixtures/handlers';
import { prepareFixtureBundles, testApp } from './helpers';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function synth(build: (stack: Stack, props: Omit<EventHandlerProps, 'subscription'>) => void): {
  template: Template;
  outdir: string;
} {
  const app = testApp();
  const stack = new Stack(app, 'Inventory');
  const eventBus = events.EventBus.fromEventBusName(stack, 'Bus', 'paved');
  const alarmTopic = sns.Topic.fromTopicArn(
    stack,
    'Alarms',
    'arn:aws:sns:eu-west-1:111111111111:paved-alarms',
  );
  build(stack, { eventBus, alarmTopic });
  return { template: Template.fromStack(stack), outdir: app.outdir };
}

function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

function logicalIdOf(template: Template, type: string, prefix: string): string {
  const id = Object.keys(template.findResources(type)).find((key) => key.startsWith(prefix));
  if (!id) throw new Error(`no ${type} starting with ${prefix}`);
  return id;
}

describe('EventHandler', () => {
  let template: Template;
  let outdir: string;
  let reserveStock: EventHandler;
  let notifyCustomer: EventHandler;

  beforeAll(() => {
    prepareFixtureBundles();
    ({ template, outdir } = synth((stack, props) => {
      reserveStock = new EventHandler(stack, 'ReserveStock', {
        ...props,
        subscription: reserveStockSubscription,
      });
      notifyCustomer = new EventHandler(stack, 'NotifyCustomer', {
        ...props,
        subscription: notifyCustomerSubscription,
      });
    }));
  });

  describe('function', () => {
    it('runs on Node.js 24, arm64, with the memory, timeout and reserved concurrency of the subscription', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 20,
        ReservedConcurrentExecutions: 5,
        TracingConfig: { Mode: 'Active' },
        Description: 'Reserves stock for every line of a new order.',
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 256,
        Timeout: 10,
        ReservedConcurrentExecutions: Match.absent(),
      });
    });

    it('sets the service name, source maps and subscription environment, and the bus name only for a publisher', () => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Handler: 'index.handler',
        MemorySize: 512,
        Environment: {
          Variables: {
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'inventory',
            PAVED_EVENT_BUS_NAME: 'paved',
            STOCK_TABLE: 'stock',
          },
        },
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 256,
        Environment: {
          Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'inventory' },
        },
      });
    });

    it("deploys the package's current dist/ bundle, and only index.js and its map", () => {
      expect(reserveStock.codeSource).toBe('prebuilt');
      const fn = resourcesOf(template, 'AWS::Lambda::Function')[
        logicalIdOf(template, 'AWS::Lambda::Function', 'ReserveStockFunction')
      ]!;
      const key = (fn.Properties['Code'] as { S3Key: string }).S3Key;
      expect(readdirSync(join(outdir, `asset.${key.replace('.zip', '')}`)).sort()).toEqual([
        'index.js',
        'index.js.map',
      ]);
    });

    it('writes logs to its own log group, kept for a month', () => {
      template.resourceCountIs('AWS::Logs::LogGroup', 2);
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      template.hasResourceProperties('AWS::Lambda::Function', {
        LoggingConfig: {
          LogGroup: { Ref: logicalIdOf(template, 'AWS::Logs::LogGroup', 'ReserveStockLogGroup') },
        },
      });
    });
  });

  describe('rule', () => {
    it("matches exactly the subscription's pattern, on the given bus, named after the handler", () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: 'inventory-reserve-stock',
        EventBusName: 'paved',
        EventPattern: reserveStock.subscription.pattern,
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: 'inventory-notify-customer',
        EventPattern: { source: ['paved.fixtures.inventory'], 'detail-type': ['StockReserved'] },
      });
    });

    it('retries delivery as the subscription says, then sends the event to the delivery DLQ', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: 'inventory-reserve-stock',
        Targets: [
          {
            Arn: {
              'Fn::GetAtt': [logicalIdOf(template, 'AWS::Lambda::Function', 'ReserveStockFunction'), 'Arn'],
            },
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 },
            DeadLetterConfig: {
              Arn: {
                'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'ReserveStockDeliveryDlq'), 'Arn'],
              },
            },
          },
        ],
      });
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: 'inventory-notify-customer',
        Targets: [
          Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 } }),
        ],
      });
    });

    it('lets only its own rule invoke the function', () => {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        FunctionName: {
          'Fn::GetAtt': [logicalIdOf(template, 'AWS::Lambda::Function', 'ReserveStockFunction'), 'Arn'],
        },
        SourceArn: { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::Events::Rule', 'ReserveStockRule'), 'Arn'] },
      });
    });
  });

  describe('async invocation', () => {
    it('retries the handler as the subscription says, then sends the failure record to the failure DLQ', () => {
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalIdOf(template, 'AWS::Lambda::Function', 'ReserveStockFunction') },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 1,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: {
          OnFailure: {
            Destination: {
              'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'ReserveStockFailureDlq'), 'Arn'],
            },
          },
        },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
      });
    });
  });

  describe('dead-letter queues', () => {
    it('are encrypted with SSE-SQS and keep messages 14 days', () => {
      const queues = Object.values(resourcesOf(template, 'AWS::SQS::Queue'));
      expect(queues).toHaveLength(4);
      for (const queue of queues) {
        expect(queue.Properties).toEqual(
          expect.objectContaining({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 }),
        );
      }
    });

    it('refuse every request not made over TLS', () => {
      const policies = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'));
      expect(policies).toHaveLength(4);
      for (const policy of policies) {
        expect((policy.Properties['PolicyDocument'] as { Statement: unknown[] }).Statement).toContainEqual(
          expect.objectContaining({
            Effect: 'Deny',
            Action: 'sqs:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        );
      }
    });

    it('let EventBridge send to the delivery DLQ only on behalf of the handler rule', () => {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalIdOf(template, 'AWS::SQS::Queue', 'ReserveStockDeliveryDlq') }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'events.amazonaws.com' },
              Resource: {
                'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'ReserveStockDeliveryDlq'), 'Arn'],
              },
              Condition: {
                ArnEquals: {
                  'aws:SourceArn': {
                    'Fn::GetAtt': [logicalIdOf(template, 'AWS::Events::Rule', 'ReserveStockRule'), 'Arn'],
                  },
                },
              },
              Sid: Match.anyValue(),
            },
          ]),
        },
      });
    });
  });

  describe('what the subscription declares', () => {
    it('gives each declared store a bucket of its own, named to the function in <NAME>_BUCKET', () => {
      expect(Object.keys(reserveStock.stores)).toEqual(['stock']);
      expect(Object.keys(notifyCustomer.stores)).toEqual([]);
      const bucket = logicalIdOf(template, 'AWS::S3::Bucket', 'ReserveStockStoreStockBucket');
      template.resourceCountIs('AWS::S3::Bucket', 1);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ STOCK_BUCKET: { Ref: bucket } }) },
      });
    });

    it('lets only a handler that sends email send it, as the mailFrom address', () => {
      expect(notifyCustomer.mailFrom).toBe('noreply@example.com');
      expect(reserveStock.mailFrom).toBeUndefined();
      const sesGrants = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).filter(([, policy]) =>
        JSON.stringify(policy.Properties).includes('ses:SendEmail'),
      );
      expect(sesGrants.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual([
        'NotifyCustomerRoleDefaultPolicy',
      ]);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ MAIL_FROM: 'noreply@example.com' }) },
      });
    });
  });

  describe('IAM', () => {
    const statementsOf = (policyPrefix: string): Array<Record<string, unknown>> =>
      Object.entries(resourcesOf(template, 'AWS::IAM::Policy'))
        .filter(([id]) => id.startsWith(policyPrefix))
        .flatMap(
          ([, policy]) =>
            (policy.Properties['PolicyDocument'] as { Statement: Array<Record<string, unknown>> }).Statement,
        );

    it('allows publishing each declared contract, by source and detail-type, on the bus only', () => {
      const publishing = statementsOf('ReserveStockRole').filter(
        (statement) => statement['Action'] === 'events:PutEvents',
      );
      expect(publishing).toEqual([
        {
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':events:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':event-bus/paved',
              ],
            ],
          },
          Condition: {
            StringEquals: {
              'events:source': 'paved.fixtures.inventory',
              'events:detail-type': ['Stock Short', 'StockReserved'],
            },
          },
        },
      ]);
      expect(
        statementsOf('NotifyCustomerRole').filter((statement) => statement['Action'] === 'events:PutEvents'),
      ).toEqual([]);
    });

    it('scopes logs and the failure DLQ grant to their own resources', () => {
      expect(statementsOf('ReserveStockRole')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: {
              'Fn::GetAtt': [logicalIdOf(template, 'AWS::Logs::LogGroup', 'ReserveStockLogGroup'), 'Arn'],
            },
          }),
          expect.objectContaining({
            Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
            Resource: {
              'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'ReserveStockFailureDlq'), 'Arn'],
            },
          }),
        ]),
      );
    });

    it('grants "*" only for the X-Ray actions, which support no resource-level permissions, in a policy of its own', () => {
      const wildcards = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).flatMap(([id, policy]) =>
        (
          policy.Properties['PolicyDocument'] as { Statement: Array<Record<string, unknown>> }
        ).Statement.filter((statement) => [statement['Resource']].flat().includes('*')).map((statement) => ({
          id: id.replace(/[0-9A-F]{8}$/, ''),
          action: statement['Action'],
          resource: statement['Resource'],
        })),
      );
      expect(wildcards).toEqual([
        {
          id: 'ReserveStockTracingPolicy',
          action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resource: '*',
        },
        {
          id: 'NotifyCustomerTracingPolicy',
          action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resource: '*',
        },
      ]);
      expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('ManagedPolicyArns');
    });
  });

  describe('alarms', () => {
    const alarmsOf = (prefix: string): Array<Record<string, unknown>> =>
      Object.entries(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
        .filter(([id]) => id.startsWith(prefix))
        .map(([, alarm]) => alarm.Properties);

    it('watches errors, throttles, both DLQs, failed rule invocations, dropped and lost events', () => {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
      const alarms = alarmsOf('ReserveStockAlarms');
      expect(alarms).toHaveLength(7);
      const metricNames = alarms.map(
        (alarm) =>
          alarm['MetricName'] ??
          (alarm['Metrics'] as Array<{ MetricStat?: { Metric: { MetricName: string } } }>)
            .flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []))
            .join('+'),
      );
      expect(metricNames.sort()).toEqual([
        'ApproximateNumberOfMessagesVisible',
        'ApproximateNumberOfMessagesVisible',
        'AsyncEventsDropped',
        'DestinationDeliveryFailures+InvocationsFailedToBeSentToDlq',
        'Errors',
        'FailedInvocations',
        'Throttles',
      ]);
      for (const alarm of alarms) {
        expect(alarm).toEqual(
          expect.objectContaining({
            Threshold: 0,
            ComparisonOperator: 'GreaterThanThreshold',
            TreatMissingData: 'notBreaching',
            EvaluationPeriods: 1,
          }),
        );
      }
      expect(reserveStock.alarms.all).toHaveLength(7);
    });

    it("reads the rule's metrics with both dimensions a custom bus publishes", () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Events',
        MetricName: 'FailedInvocations',
        Dimensions: [
          { Name: 'EventBusName', Value: 'paved' },
          { Name: 'RuleName', Value: 'inventory-reserve-stock' },
        ],
        Statistic: 'Sum',
      });
    });

    it('watches the DLQ depth', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: {
              'Fn::GetAtt': [logicalIdOf(template, 'AWS::SQS::Queue', 'ReserveStockFailureDlq'), 'QueueName'],
            },
          },
        ],
        Statistic: 'Maximum',
      });
    });

    it('notifies the alarm topic on alarm and on recovery', () => {
      for (const alarm of alarmsOf('')) {
        expect(alarm['AlarmActions']).toEqual(['arn:aws:sns:eu-west-1:111111111111:paved-alarms']);
        expect(alarm['OKActions']).toEqual(['arn:aws:sns:eu-west-1:111111111111:paved-alarms']);
      }
    });

    it('exposes each metric the alarms watch', () => {
      expect(notifyCustomer.metricRuleFailedInvocations().metricName).toBe('FailedInvocations');
      expect(notifyCustomer.metricAsyncEventsDropped().metricName).toBe('AsyncEventsDropped');
      expect(notifyCustomer.metricFailureDlqMessages().metricName).toBe('ApproximateNumberOfMessagesVisible');
      expect(notifyCustomer.metricErrors().statistic).toBe('Sum');
    });
  });
});

describe('EventHandler options', () => {
  beforeAll(() => prepareFixtureBundles());

  it('bundles the handler with esbuild at synth when its package has no current dist/', () => {
    let audit: EventHandler | undefined;
    const { template, outdir } = synth((stack, props) => {
      audit = new EventHandler(stack, 'AuditOrder', { ...props, subscription: auditOrder });
    });
    expect(audit!.codeSource).toBe('synth');
    const fn = Object.values(resourcesOf(template, 'AWS::Lambda::Function'))[0]!;
    expect(fn.Properties['Handler']).toBe('index.audit');
    const key = (fn.Properties['Code'] as { S3Key: string }).S3Key;
    expect(readdirSync(join(outdir, `asset.${key.replace('.zip', '')}`)).sort()).toEqual([
      'index.js',
      'index.js.map',
    ]);
  });

  describe("the subscription's input", () => {
    const targetOf = (input?: SubscriptionInput): Record<string, unknown> => {
      const subscription = defineSubscription({ ...notifyCustomerSubscription, input });
      const { template } = synth((stack, props) => {
        new EventHandler(stack, 'NotifyCustomer', { ...props, subscription });
      });
      const [rule] = Object.values(resourcesOf(template, 'AWS::Events::Rule'));
      const [target, ...others] = rule!.Properties['Targets'] as Record<string, unknown>[];
      expect(others).toEqual([]);
      return target!;
    };

    it('deploys an input transformer as declared, byte for byte', () => {
      const input = {
        inputPathsMap: { order: '$.detail.orderId', 'detail-type': '$.detail-type' },
        inputTemplate:
          '{"orderId": <order>,\n "note": "<detail-type> for <order>", "rule": <aws.events.rule-name>}',
      };
      const target = targetOf(input);
      expect(target['InputTransformer']).toEqual({
        InputPathsMap: input.inputPathsMap,
        InputTemplate: input.inputTemplate,
      });
      expect(target).not.toHaveProperty('InputPath');
      expect(target).not.toHaveProperty('Input');
    });

    it('deploys a string template and a template without a paths map as declared', () => {
      expect(targetOf({ inputTemplate: '"Order <aws.events.rule-name>"' })['InputTransformer']).toEqual({
        InputTemplate: '"Order <aws.events.rule-name>"',
      });
    });

    it('deploys an input path as InputPath, and constant input as Input', () => {
      expect(targetOf({ inputPath: '$.detail' })).toMatchObject({ Id: 'Target0', InputPath: '$.detail' });
      expect(targetOf({ input: '{"action": "refresh"}' })).toMatchObject({ Input: '{"action": "refresh"}' });
    });

    it('sends the whole event when the subscription has no input', () => {
      const target = targetOf(undefined);
      for (const field of ['Input', 'InputPath', 'InputTransformer'])
        expect(target).not.toHaveProperty(field);
    });

    it("refuses at synth an input PutTargets would refuse, in AWS's words, naming the handler", () => {
      const subscription = defineSubscription({
        ...notifyCustomerSubscription,
        input: {
          inputPathsMap: { order: '$.detail.orderId' },
          inputTemplate: '{"order": <order>, "sku": <sku>}',
        },
      });
      let caught: unknown;
      try {
        synth((stack, props) => new EventHandler(stack, 'NotifyCustomer', { ...props, subscription }));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidRuleError);
      expect((caught as InvalidRuleError).code).toBe('INVALID_RULE');
      expect((caught as Error).message).toBe(
        'Invalid input {"inputPathsMap":{"order":"$.detail.orderId"},"inputTemplate":"{\\"order\\": <order>, \\"sku\\": <sku>}"} ' +
          'for handler inventory/notify-customer: InputTemplate for target Target0 contains invalid placeholder sku. ' +
          'Define sku in InputPathsMap (such as "sku": "$.detail.sku") or remove <sku> from the template. ' +
          "Fix the subscription's input.",
      );
      expect((caught as Error).cause).toBeInstanceOf(InvalidSubscriptionError);
    });
  });

  it('applies functionProps last and merges their environment', () => {
    const { template } = synth((stack, props) => {
      new EventHandler(stack, 'NotifyCustomer', {
        ...props,
        subscription: notifyCustomerSubscription,
        functionProps: { memorySize: 1024, environment: { FEATURE: 'on' }, ephemeralStorageSize: undefined },
      });
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Environment: {
        Variables: {
          FEATURE: 'on',
          POWERTOOLS_SERVICE_NAME: 'inventory',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('encrypts both DLQs with a customer-managed key that EventBridge and the function may use', () => {
    const { template } = synth((stack, props) => {
      const queueEncryptionKey = new kms.Key(stack, 'QueueKey', { enableKeyRotation: true });
      new EventHandler(stack, 'NotifyCustomer', {
        ...props,
        subscription: notifyCustomerSubscription,
        queueEncryptionKey,
      });
    });
    const keyArn = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', 'QueueKey'), 'Arn'] };
    for (const queue of Object.values(resourcesOf(template, 'AWS::SQS::Queue'))) {
      expect(queue.Properties['KmsMasterKeyId']).toEqual(keyArn);
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['kms:Encrypt', 'kms:GenerateDataKey*']),
            Resource: keyArn,
          }),
        ]),
      },
    });
  });

  it('grants no X-Ray "*" when tracing is disabled', () => {
    const { template } = synth((stack, props) => {
      new EventHandler(stack, 'NotifyCustomer', {
        ...props,
        subscription: notifyCustomerSubscription,
        tracing: lambda.Tracing.DISABLED,
      });
    });
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('xray');
  });

  it('rejects a pattern value that is not an array, naming the path and the fix', () => {
    const pattern = { ...OrderCreated.pattern, detail: { total: 42 } };
    const props = {
      name: 'bad-pattern',
      service: 'inventory',
      contract: OrderCreated,
      entry: auditOrder.entry,
      exportName: 'audit',
      description: 'Has a broken pattern.',
      pattern,
    };
    // defineSubscription leaves the pattern to the engine (it is not bundled with the handler): the construct checks it.
    const subscription = defineSubscription(props);
    const attempt = () =>
      synth((stack, construct) => new EventHandler(stack, 'Bad', { ...construct, subscription }));
    expect(attempt).toThrow(InvalidRuleError);
    expect(attempt).toThrow(
      /^Invalid event pattern for handler inventory-bad-pattern\b.*"total" must be an object or an array/,
    );
  });

  it('rejects a handler whose id cannot name a rule', () => {
    const subscription = defineSubscription({
      ...auditOrder,
      name: 'a'.repeat(70),
    });
    try {
      synth((stack, props) => new EventHandler(stack, 'Long', { ...props, subscription }));
      throw new Error('expected an error');
    } catch (error) {
      expect((error as InvalidRuleError).code).toBe('INVALID_RULE');
      expect((error as Error).message).toContain('cannot name an EventBridge rule (1-64 letters');
    }
  });
});
