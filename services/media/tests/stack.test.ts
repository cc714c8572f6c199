import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cdkContext, describeServiceStack } from '@paved/testing/stack';
import { MediaStack } from '../src/stack';

const stack = new MediaStack(new App({ context: cdkContext() }), 'Media', {
  env: { account: '111111111111', region: 'eu-west-1' },
});

describe('MediaStack', () => {
  describeServiceStack(stack);

  const template = Template.fromStack(stack);

  it('deploys the uploads bucket, named as its pattern expects, with EventBridge notifications on', () => {
    template.resourcePropertiesCountIs(
      'AWS::S3::Bucket',
      {
        BucketNamePrefix: 'media-uploads',
        BucketNamespace: 'account-regional',
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      },
      1,
    );
    expect(Object.keys(stack.buckets)).toEqual(['uploads']);
  });

  it("lets create-thumbnail read the uploads bucket's objects, and no other bucket's", () => {
    // The handler is in a nested stack of the service's (platform README, "Stack layout").
    const handler = stack.handler('create-thumbnail');
    const role = Stack.of(handler).getLogicalId(handler.role.node.defaultChild as never);
    const reads = Object.values(Template.fromStack(Stack.of(handler)).findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(role))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Array<{ Action: unknown }>)
      .filter((statement) => [statement.Action].flat().includes('s3:GetObject'))
      .filter((statement) => !JSON.stringify(statement).includes('StoreThumbnails'));
    expect(reads).toEqual([
      {
        Action: 's3:GetObject',
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':s3:::media-uploads-111111111111-eu-west-1-an/*'],
          ],
        },
      },
    ]);
  });
});
