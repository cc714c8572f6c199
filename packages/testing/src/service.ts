import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { explainMismatch } from '@paved/events';
import { type EventHandler, findNagFindings, type ServiceStack } from '@paved/platform';
import { loadSampleEvents } from './samples';

/**
 * Registers the tests every service runs on its stack: each subscription's pattern matches an example of its
 * contract, and its handler has its rule with that pattern, both dead-letter queues wired with the subscription's
 * retry settings, encrypted TLS-only queues, the full alarm set notifying the alarm topic, a bucket for each store it
 * declares, email only if it declares it, IAM scoped to its own resources, and the stack has no unacknowledged
 * cdk-nag finding. Checked here once for every handler, so no handler package repeats it.
 *
 * @example
 * describe('OrdersStack', () => describeServiceStack(new OrdersStack(new App(), 'Orders')));
 */
export function describeServiceStack(stack: ServiceStack): void {
  const template = Template.fromStack(stack);
  const resolve = (value: unknown) => Stack.of(stack).resolve(value);
  const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);

  it('has no unacknowledged cdk-nag finding (AWS Solutions and Serverless packs)', () => {
    expect(findNagFindings(stack)).toEqual([]);
  });

  it('deploys one rule and one function configuration per registered handler', () => {
    template.resourceCountIs('AWS::Events::Rule', stack.handlers.length);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', stack.handlers.length);
  });

  // A new service has no handler yet, and Jest refuses an empty table.
  if (stack.handlers.length === 0) return;

  describe.each(stack.handlers.map((handler): [string, EventHandler] => [handler.subscription.id, handler]))(
    '%s',
    (_id, handler) => {
      const { subscription } = handler;

      it('matches an example of its contract with its pattern (a narrowed pattern must keep one)', () => {
        const mismatches = loadSampleEvents(subscription.contract).valid.map(({ event }) =>
          explainMismatch(subscription.pattern, event),
        );
        expect(mismatches.some((fields) => fields.length === 0) ? [] : mismatches).toEqual([]);
      });

      it('has a bucket for each store it declares, named in <NAME>_BUCKET, and sends email only if it declares it', () => {
        expect(Object.keys(handler.stores)).toEqual([...subscription.stores]);
        const variables = (
          template.toJSON().Resources[logicalId(handler.function)].Properties as {
            Environment?: { Variables?: Record<string, unknown> };
          }
        ).Environment?.Variables;
        for (const [name, store] of Object.entries(handler.stores)) {
          expect(variables?.[store.environmentVariable]).toEqual(resolve(store.bucket.bucketName));
          expect(store.environmentVariable).toBe(`${name.toUpperCase().replace(/-/g, '_')}_BUCKET`);
        }
        expect(handler.mailFrom !== undefined).toBe(subscription.sendsEmail);
      });

      it("routes with the subscription's pattern, retrying delivery into the delivery DLQ", () => {
        expect(
          template.findResources('AWS::Events::Rule', {
            Properties: {
              EventPattern: subscription.pattern,
              Targets: Match.arrayWith([
                Match.objectLike({
                  Arn: resolve(handler.function.functionArn),
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

      it('grants its role nothing on every resource but X-Ray', () => {
        const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
          JSON.stringify(policy.Properties.Roles).includes(logicalId(handler.role)),
        );
        const wildcard = policies
          .flatMap(
            (policy) =>
              policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>,
          )
          .filter((statement) => JSON.stringify(statement.Resource) === '"*"')
          .flatMap((statement) => [statement.Action].flat() as string[]);
        expect(wildcard.filter((action) => !action.startsWith('xray:'))).toEqual([]);
      });
    },
  );
}
