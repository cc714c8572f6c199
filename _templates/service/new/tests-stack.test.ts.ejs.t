---
to: <%- dir %>/tests/stack.test.ts
---
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { handlers } from '../src/handlers';
import { <%- pascalName %>Stack } from '../src/stack';

describe('<%- pascalName %>Stack', () => {
  const template = Template.fromStack(new <%- pascalName %>Stack(new App(), '<%- pascalName %>'));

  it('deploys one function and one rule per registered handler', () => {
    template.resourceCountIs('AWS::Events::Rule', handlers.length);
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', handlers.length);
  });

  it.each(handlers.map((handler) => handler.subscription))('subscribes $id with its pattern', (subscription) => {
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: subscription.pattern });
  });
});
