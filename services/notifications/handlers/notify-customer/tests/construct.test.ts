import { Match } from 'aws-cdk-lib/assertions';
import { arnOf, synthHandler } from '@paved/testing';
import { NotifyCustomer } from '../src/construct';
import { subscription } from '../src/subscription';

describe('NotifyCustomer construct', () => {
  const { template, construct } = synthHandler(NotifyCustomer);

  it("puts a rule on the bus with the subscription's pattern", () => {
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: subscription.pattern });
  });

  it('sends events EventBridge cannot deliver to the delivery dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: Match.arrayWith([
        Match.objectLike({
          DeadLetterConfig: { Arn: arnOf(construct.deliveryDlq) },
          RetryPolicy: {
            MaximumRetryAttempts: subscription.deliveryRetryAttempts,
            MaximumEventAgeInSeconds: subscription.deliveryMaxEventAgeSeconds,
          },
        }),
      ]),
    });
  });

  it('sends events the function fails on to the failure dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: subscription.retryAttempts,
      DestinationConfig: { OnFailure: { Destination: arnOf(construct.failureDlq) } },
    });
  });
});
