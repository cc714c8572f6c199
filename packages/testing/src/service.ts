import { Stack } from 'aws-cdk-lib';
import { type IConstruct } from 'constructs';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  type AnyEventContract,
  bucketName,
  explainMismatch,
  HANDLER_ENV,
  type Subscription,
} from '@paved/events';
import {
  type ApiEndpoint,
  type EventHandler,
  findNagFindings,
  IDEMPOTENCY_TABLE_ACTIONS,
  QueueDelivery,
  type ServiceStack,
  StreamDelivery,
} from '@paved/platform';
import { loadSampleEvents } from './samples';

/** One statement of a synthesized IAM policy. */
interface PolicyStatementJson {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: { readonly StringEquals?: Record<string, string | string[]> };
}

/**
 * Registers the tests every service runs on its stack: each subscription's pattern matches an example of its
 * contract, and its handler has its rule with that pattern (targeting the function, or its queue or stream for a
 * queue or stream delivery, whose mapping, redrive or on-failure destination, encryption and age alarm are checked
 * too), both dead-letter queues wired with the subscription's
 * retry settings, encrypted TLS-only queues, the full alarm set notifying the alarm topic, a bucket for each store it
 * declares, email only if it declares it, PutEvents for exactly the contracts it publishes, its idempotency records in
 * its service's table and no other, its failure DLQ's URL (and no other queue), IAM scoped to its own resources, and
 * the stack has no unacknowledged cdk-nag finding. Each handler is checked in the template of the stack it is in (a nested
 * stack of the service's, or the service stack with `handlerLayout: 'flat'`). Each declared API serves its route with its own
 * function, which may put exactly the API's `publishes` on the bus. Checked here once for every handler and API, so
 * no package repeats it.
 *
 * @example
 * describe('OrdersStack', () => describeServiceStack(new OrdersStack(new App(), 'Orders')));
 */
export function describeServiceStack(stack: ServiceStack): void {
  const template = Template.fromStack(stack);
  // Handlers live in nested stacks (the platform's `handlerLayout`): each is checked in its own stack's template,
  // with values resolved as that stack spells them (the service's table, say, as a parameter).
  const templates = new Map<Stack, Template>([[stack, template]]);
  const viewOf = (construct: IConstruct) => {
    const owner = Stack.of(construct);
    if (!templates.has(owner)) templates.set(owner, Template.fromStack(owner));
    const ownTemplate = templates.get(owner)!;
    const logicalIdOf = (resource: { node: { defaultChild?: unknown } }) =>
      owner.getLogicalId(resource.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
    return {
      template: ownTemplate,
      resolve: (value: unknown) => owner.resolve(value),
      logicalId: logicalIdOf,
      /** Every statement of the IAM policies attached to `role`, as synthesized. */
      statementsOf: (role: EventHandler['role']): PolicyStatementJson[] =>
        Object.values(ownTemplate.findResources('AWS::IAM::Policy'))
          .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(logicalIdOf(role)))
          .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]),
      /** The handler function's environment variables, as synthesized. */
      variablesOf: (handler: EventHandler) =>
        (
          ownTemplate.toJSON().Resources[logicalIdOf(handler.function)].Properties as {
            Environment?: { Variables?: Record<string, unknown> };
          }
        ).Environment?.Variables,
    };
  };
  const { resolve, statementsOf } = viewOf(stack);
  /** How many resources of `type` the service stack and its handlers' nested stacks hold together. */
  const countAll = (type: string) =>
    [stack, ...stack.handlerGroups].reduce(
      (sum, owner) => sum + Object.keys(viewOf(owner).template.findResources(type)).length,
      0,
    );

  it('has no unacknowledged cdk-nag finding (AWS Solutions and Serverless packs)', () => {
    expect(findNagFindings(stack)).toEqual([]);
  });

  it('deploys one rule and one function configuration per registered handler', () => {
    expect(countAll('AWS::Events::Rule')).toBe(stack.handlers.length);
    expect(countAll('AWS::Lambda::EventInvokeConfig')).toBe(stack.handlers.length);
  });

  const endpoints = stack.api?.endpoints ?? [];
  if (endpoints.length > 0) {
    describe.each(endpoints.map((endpoint): [string, ApiEndpoint] => [endpoint.api.id, endpoint]))(
      '%s',
      (_id, endpoint) => {
        const { api } = endpoint;

        it(`serves ${api.route} with its own function (Lambda proxy, payload format 2.0)`, () => {
          const integrations = template.findResources('AWS::ApiGatewayV2::Integration', {
            Properties: {
              IntegrationType: 'AWS_PROXY',
              PayloadFormatVersion: '2.0',
              IntegrationUri: resolve(endpoint.function.functionArn),
            },
          });
          expect(Object.keys(integrations)).toHaveLength(1);
          template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
            RouteKey: api.route,
            Target: { 'Fn::Join': ['', ['integrations/', { Ref: Object.keys(integrations)[0] }]] },
          });
        });

        it("may put exactly the API's declared contracts on the bus, and nothing on every resource but X-Ray", () => {
          const statements = statementsOf(endpoint.role);
          const granted = statements
            .filter((statement) => [statement.Action].flat().includes('events:PutEvents'))
            .map((statement) => ({ resource: statement.Resource, conditions: statement.Condition }));
          expect(granted).toEqual(
            publishGrants(api.publishes).map((conditions) => ({
              resource: resolve(stack.eventBus.eventBusArn),
              conditions,
            })),
          );
          const wildcard = statements
            .filter((statement) => JSON.stringify(statement.Resource) === '"*"')
            .flatMap((statement) => [statement.Action].flat() as string[]);
          expect(wildcard.filter((action) => !action.startsWith('xray:'))).toEqual([]);
        });
      },
    );
  }

  /** The event source mapping that reads `arn` into `handler`'s function, as synthesized. */
  const mappingOf = (handler: EventHandler, arn: string) => {
    const { template, resolve } = viewOf(handler);
    return template.findResources('AWS::Lambda::EventSourceMapping', {
      Properties: { EventSourceArn: resolve(arn), FunctionName: resolve(handler.function.functionName) },
    });
  };
  /** The alarm's synthesized properties, which must notify the stack's alarm topic. */
  const notifyingAlarm = (alarm: IConstruct & { node: { defaultChild?: unknown } }) => {
    const { template, resolve, logicalId } = viewOf(alarm);
    const properties = template.toJSON().Resources[logicalId(alarm)].Properties as Record<string, unknown>;
    expect(properties['AlarmActions']).toEqual([resolve(stack.alarmTopic.topicArn)]);
    return properties;
  };

  /** What a handler with queue delivery has: `describeServiceStack` checks it for each such handler. */
  const describeQueueDelivery = (delivery: QueueDelivery): void => {
    const { queue, settings, subscription } = delivery;
    const handler = stack.handlers.find((candidate) => candidate.delivery === delivery)!;
    const { template, resolve, logicalId } = viewOf(handler);

    it('reads its queue in batches with partial batch responses and the declared size, window and maximum concurrency', () => {
      const mappings = Object.values(mappingOf(handler, queue.queueArn));
      expect(mappings).toHaveLength(1);
      expect(mappings[0]!.Properties).toMatchObject({
        BatchSize: settings.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(mappings[0]!.Properties.MaximumBatchingWindowInSeconds ?? 0).toBe(
        settings.maxBatchingWindowSeconds,
      );
      expect(mappings[0]!.Properties.ScalingConfig?.MaximumConcurrency).toBe(settings.maxConcurrency);
    });

    it('keeps its queue encrypted, TLS-only, open to its rule alone, and redriven to the failure DLQ after maxReceiveCount', () => {
      const properties = template.toJSON().Resources[logicalId(queue)].Properties as Record<string, unknown>;
      expect(properties['SqsManagedSseEnabled'] === true || properties['KmsMasterKeyId'] !== undefined).toBe(
        true,
      );
      expect(properties['RedrivePolicy']).toEqual({
        deadLetterTargetArn: resolve(handler.failureDlq.queueArn),
        maxReceiveCount: settings.maxReceiveCount,
      });
      // A record must stay invisible while a retried invocation may still hold it (AWS: six times the timeout).
      expect(properties['VisibilityTimeout']).toBeGreaterThanOrEqual(6 * subscription.timeoutSeconds);
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [resolve(queue.queueUrl)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': resolve(handler.rule.ruleArn) } },
            }),
          ]),
        },
      });
    });

    it('alarms on the age of the oldest message in its queue, notifying the topic', () => {
      const properties = notifyingAlarm(delivery.ageOfOldestMessageAlarm);
      expect(properties).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Namespace: 'AWS/SQS' });
      expect(JSON.stringify(properties['Dimensions'])).toContain(JSON.stringify(resolve(queue.queueName)));
    });
  };

  /** What a handler with stream delivery has: `describeServiceStack` checks it for each such handler. */
  const describeStreamDelivery = (delivery: StreamDelivery): void => {
    const { stream, settings } = delivery;
    const handler = stack.handlers.find((candidate) => candidate.delivery === delivery)!;
    const { template, resolve, logicalId } = viewOf(handler);

    it('puts its events on an encrypted stream with the declared partition key', () => {
      const properties = template.toJSON().Resources[logicalId(stream)].Properties as Record<string, unknown>;
      expect(properties['StreamEncryption']).toMatchObject({ EncryptionType: 'KMS' });
      template.hasResourceProperties('AWS::Events::Rule', {
        Targets: Match.arrayWith([
          Match.objectLike({
            Arn: resolve(stream.streamArn),
            KinesisParameters: { PartitionKeyPath: settings.partitionKey },
          }),
        ]),
      });
    });

    it('reads its stream from the oldest record, with bisection, bounded retries and age, partial batch responses and the failure DLQ', () => {
      const mappings = Object.values(mappingOf(handler, stream.streamArn));
      expect(mappings).toHaveLength(1);
      expect(mappings[0]!.Properties).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: settings.batchSize,
        ParallelizationFactor: settings.parallelizationFactor,
        // Never -1 (infinite), which blocks a shard behind one bad record for up to a week.
        MaximumRetryAttempts: settings.retryAttempts,
        MaximumRecordAgeInSeconds: settings.maxRecordAgeSeconds,
        BisectBatchOnFunctionError: settings.bisectBatchOnError,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: resolve(handler.failureDlq.queueArn) } },
      });
      expect(mappings[0]!.Properties.MaximumBatchingWindowInSeconds ?? 0).toBe(
        settings.maxBatchingWindowSeconds,
      );
    });

    it('alarms on the iterator age of its stream, notifying the topic', () => {
      expect(notifyingAlarm(delivery.iteratorAgeAlarm)).toMatchObject({
        MetricName: 'IteratorAge',
        Namespace: 'AWS/Lambda',
      });
    });
  };

  // A new service has no handler yet, and Jest refuses an empty table.
  if (stack.handlers.length === 0) return;

  describe.each(stack.handlers.map((handler): [string, EventHandler] => [handler.subscription.id, handler]))(
    '%s',
    (_id, handler) => {
      const { subscription } = handler;
      const { template, resolve, logicalId, statementsOf, variablesOf } = viewOf(handler);

      it('matches an example of its contract with its pattern (a narrowed pattern must keep one)', () => {
        const mismatches = samplesOf(subscription).map((event) =>
          explainMismatch(subscription.pattern, event),
        );
        expect(mismatches.some((fields) => fields.length === 0) ? [] : mismatches).toEqual([]);
      });

      it('has a bucket for each store it declares, named in <NAME>_BUCKET, and sends email only if it declares it', () => {
        expect(Object.keys(handler.stores)).toEqual([...subscription.stores]);
        const variables = variablesOf(handler);
        for (const [name, store] of Object.entries(handler.stores)) {
          expect(variables?.[store.environmentVariable]).toEqual(resolve(store.bucket.bucketName));
          expect(store.environmentVariable).toBe(`${name.toUpperCase().replace(/-/g, '_')}_BUCKET`);
        }
        expect(handler.mailFrom !== undefined).toBe(subscription.sendsEmail);
      });

      // The rule's target: the function, or the queue or stream of a queue or stream delivery.
      const target = handler.delivery
        ? handler.delivery instanceof QueueDelivery
          ? handler.delivery.queue.queueArn
          : handler.delivery.stream.streamArn
        : handler.function.functionArn;

      it("routes with the subscription's pattern, retrying delivery into the delivery DLQ", () => {
        expect(
          template.findResources('AWS::Events::Rule', {
            Properties: {
              EventPattern: subscription.pattern,
              Targets: Match.arrayWith([
                Match.objectLike({
                  Arn: resolve(target),
                  DeadLetterConfig: { Arn: resolve(handler.deliveryDlq.queueArn) },
                  RetryPolicy: {
                    MaximumRetryAttempts: subscription.deliveryRetryAttempts,
                    MaximumEventAgeInSeconds: subscription.deliveryMaxEventAgeSeconds,
                  },
                }),
              ]),
            },
          }),
        ).not.toEqual({});
      });

      it('sends function failures, after its retries, to the failure DLQ', () => {
        template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
          FunctionName: resolve(handler.function.functionName),
          MaximumRetryAttempts: subscription.retryAttempts,
          MaximumEventAgeInSeconds: subscription.maxEventAgeSeconds,
          DestinationConfig: { OnFailure: { Destination: resolve(handler.failureDlq.queueArn) } },
        });
      });

      it.each(['deliveryDlq', 'failureDlq'] as const)('keeps the %s encrypted and TLS-only', (queue) => {
        const properties = template.toJSON().Resources[logicalId(handler[queue])].Properties as Record<
          string,
          unknown
        >;
        expect(
          properties['SqsManagedSseEnabled'] === true || properties['KmsMasterKeyId'] !== undefined,
        ).toBe(true);
        template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: Match.arrayWith([resolve(handler[queue].queueUrl)]),
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      });

      it('alarms on errors, throttles, both DLQs, failed rule invocations, dropped and lost events, notifying the topic', () => {
        const metrics = handler.alarms.all.map((alarm) => {
          const properties = template.toJSON().Resources[logicalId(alarm)].Properties as Record<
            string,
            unknown
          >;
          expect(properties['AlarmActions']).toEqual([resolve(stack.alarmTopic.topicArn)]);
          return JSON.stringify(properties);
        });
        expect(metrics).toHaveLength(7);
        for (const metric of [
          'Errors',
          'Throttles',
          'FailedInvocations',
          'AsyncEventsDropped',
          'DestinationDeliveryFailures',
          'InvocationsFailedToBeSentToDlq',
        ]) {
          expect(metrics.some((alarm) => alarm.includes(`"${metric}"`))).toBe(true);
        }
        // One alarm on the messages of each dead-letter queue, each watching its own queue.
        for (const queue of [handler.failureDlq, handler.deliveryDlq]) {
          const name = JSON.stringify(resolve(queue.queueName));
          expect(
            metrics.some(
              (alarm) => alarm.includes('"ApproximateNumberOfMessagesVisible"') && alarm.includes(name),
            ),
          ).toBe(true);
        }
      });

      it('may put exactly the contracts it publishes on the bus, and knows the bus only then', () => {
        const granted = statementsOf(handler.role)
          .filter((statement) => [statement.Action].flat().includes('events:PutEvents'))
          .map((statement) => ({
            resource: statement.Resource,
            source: statement.Condition?.StringEquals?.['events:source'],
            detailTypes: [statement.Condition?.StringEquals?.['events:detail-type']].flat().sort(),
          }));
        const declared = new Map<string, string[]>();
        for (const contract of subscription.publishes) {
          declared.set(contract.source, [...(declared.get(contract.source) ?? []), contract.detailType]);
        }
        const bySource = (a: { source?: unknown }, b: { source?: unknown }) =>
          String(a.source).localeCompare(String(b.source));
        expect(granted.sort(bySource)).toEqual(
          [...declared]
            .map(([source, detailTypes]) => ({
              resource: resolve(handler.eventBus.eventBusArn),
              source,
              detailTypes: detailTypes.sort(),
            }))
            .sort(bySource),
        );
        expect(variablesOf(handler)?.[HANDLER_ENV.eventBusName] !== undefined).toBe(
          subscription.publishes.length > 0,
        );
      });

      it('grants its role nothing on every resource but X-Ray', () => {
        const wildcard = statementsOf(handler.role)
          .filter((statement) => JSON.stringify(statement.Resource) === '"*"')
          .flatMap((statement) => [statement.Action].flat() as string[]);
        expect(wildcard.filter((action) => !action.startsWith('xray:'))).toEqual([]);
      });

      it("keeps its idempotency records in its service's table, and may reach no other table", () => {
        const granted = statementsOf(handler.role)
          .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
          .map((statement) => ({ actions: [statement.Action].flat().sort(), resource: statement.Resource }));
        expect(granted).toEqual([
          {
            actions: [...IDEMPOTENCY_TABLE_ACTIONS].sort(),
            resource: resolve(stack.idempotencyTable.table.tableArn),
          },
        ]);
        expect(variablesOf(handler)?.[HANDLER_ENV.idempotencyTable]).toEqual(
          resolve(stack.idempotencyTable.table.tableName),
        );
      });

      it('knows its failure DLQ, where a permanent failure goes without retries, and may send to no other queue', () => {
        expect(variablesOf(handler)?.[HANDLER_ENV.failureDlqUrl]).toEqual(
          resolve(handler.failureDlq.queueUrl),
        );
        const queuesOf = (actions: (action: string) => boolean) => [
          ...new Set(
            statementsOf(handler.role)
              .filter((statement) => [statement.Action].flat().some(actions))
              .map((statement) => JSON.stringify(statement.Resource)),
          ),
        ];
        const failureDlq = JSON.stringify(resolve(handler.failureDlq.queueArn));
        expect(queuesOf((action) => action === 'sqs:SendMessage')).toEqual([failureDlq]);
        // With queue delivery it also consumes its own queue; no other.
        const consumed = handler.delivery instanceof QueueDelivery ? [handler.delivery.queue.queueArn] : [];
        expect(queuesOf((action) => action.startsWith('sqs:')).sort()).toEqual(
          [failureDlq, ...consumed.map((arn) => JSON.stringify(resolve(arn)))].sort(),
        );
      });

      const { delivery } = handler;
      if (delivery instanceof QueueDelivery) describeQueueDelivery(delivery);
      if (delivery instanceof StreamDelivery) describeStreamDelivery(delivery);
    },
  );
}

/** The PutEvents conditions that let a function publish exactly `contracts`: one per source, its detail-types sorted. */
function publishGrants(contracts: readonly AnyEventContract[]): unknown[] {
  const bySource = new Map<string, Set<string>>();
  for (const contract of contracts) {
    bySource.set(contract.source, (bySource.get(contract.source) ?? new Set()).add(contract.detailType));
  }
  return [...bySource].map(([source, detailTypes]) => ({
    StringEquals: { 'events:source': source, 'events:detail-type': [...detailTypes].sort() },
  }));
}

/**
 * The contract's examples as whole events, and, for a subscription that reads declared buckets, the same examples
 * addressed to each of those buckets (as S3 names it in some account and Region): an AWS service's examples name a
 * bucket of their own, which a pattern narrowed to a declared bucket (`uploads.objectCreated`) rightly refuses.
 */
function samplesOf(subscription: Subscription): object[] {
  const samples = loadSampleEvents(subscription.contract).valid.map(({ event }) => event);
  const where = { account: '123456789012', region: 'us-east-1' };
  return [
    ...samples,
    ...subscription.reads.flatMap((bucket) =>
      samples.map((event) => {
        const name = bucketName(bucket, where);
        const detail = event.detail as { bucket?: object };
        return {
          ...event,
          resources: [`arn:aws:s3:::${name}`],
          detail: { ...detail, bucket: { ...detail.bucket, name } },
        };
      }),
    ),
  ];
}
