import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkContext, describeServiceStack } from '@paved/testing/stack';
import { OrdersStack } from '../src/stack';

const stack = new OrdersStack(new App({ context: cdkContext() }), 'Orders', {
  env: { account: '111111111111', region: 'eu-west-1' },
});

describe('OrdersStack', () => {
  describeServiceStack(stack);

  const template = Template.fromStack(stack);

  it('serves POST /orders on its HTTP API, the address in the stack output ApiUrl', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /orders' }, 1);
    expect(stack.api?.endpoint('create-order').api.route).toBe('POST /orders');
    template.hasOutput('ApiUrl', {});
  });

  it('lets the create-order function put OrderCreated on the bus, and nothing else', () => {
    const role = stack.getLogicalId(stack.api!.endpoint('create-order').role.node.defaultChild as never);
    const grants = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown }>)
      .filter((statement) => [statement.Action].flat().includes('events:PutEvents'));
    expect(grants).toEqual([
      {
        Action: 'events:PutEvents',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:event-bus/paved'],
          ],
        },
        Condition: {
          StringEquals: { 'events:source': 'myapp.orders', 'events:detail-type': ['OrderCreated'] },
        },
      },
    ]);
  });
});
