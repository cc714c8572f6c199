import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { handlers } from '../src/handlers';
import { MediaStack } from '../src/stack';

describe('MediaStack', () => {
  const template = Template.fromStack(new MediaStack(new App(), 'Media'));

  it('deploys one function and one rule per registered handler', () => {
    template.resourceCountIs('AWS::Events::Rule', handlers.length);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', handlers.length);
  });

  it.each(handlers.map((handler) => handler.subscription))(
    'subscribes $id with its pattern',
    (subscription) => {
      template.hasResourceProperties('AWS::Events::Rule', { EventPattern: subscription.pattern });
    },
  );
});
