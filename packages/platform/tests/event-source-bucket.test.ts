import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { defineBucket, defineSubscription } from '@paved/events';
import { EventSourceBucket, findNagFindings, InvalidPlatformConfigError, ServiceStack } from '../src';
import { uploads } from './fixtures/buckets';
import { createThumbnail } from './fixtures/handlers';
import { serviceTemplate, testApp } from './helpers';

describe('EventSourceBucket', () => {
  let template: Template;
  let bucket: EventSourceBucket;

  beforeAll(() => {
    const stack = new Stack(testApp(), 'Media', { env: { account: '111111111111', region: 'eu-west-1' } });
    bucket = new EventSourceBucket(stack, 'Uploads', { bucket: uploads });
    template = Template.fromStack(stack);
  });

  it("is named in S3's account-regional namespace from its declaration, as the declaration's patterns expect", () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketNamePrefix: 'media-uploads',
      BucketNamespace: 'account-regional',
      BucketName: Match.absent(),
    });
    expect(bucket.declaration).toBe(uploads);
  });

  it('sends its events to EventBridge by its own notification configuration, without a custom resource', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('is encrypted, versioned, private and TLS-only, and kept when the stack goes', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('names the bucket in a stack output', () => {
    template.hasOutput('*', {
      Value: { Ref: Match.stringLikeRegexp('^UploadsBucket') },
      Description: 'media-uploads: Images customers upload.',
    });
  });
});

describe('ServiceStack buckets', () => {
  it('deploys the buckets the service declares, by name', () => {
    const stack = new ServiceStack(testApp(), 'Media', {
      service: 'media',
      subscriptions: [createThumbnail],
      buckets: [uploads],
      handlerProps: {
        'create-thumbnail': { code: lambda.Code.fromInline('exports.handler = async () => {};') },
      },
    });
    expect(Object.keys(stack.buckets)).toEqual(['uploads']);
    expect(stack.buckets['uploads']).toBeInstanceOf(EventSourceBucket);
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 1);
  });

  it("refuses another service's bucket and a bucket listed twice", () => {
    const archive = defineBucket({ service: 'archive', name: 'uploads', description: 'Old uploads.' });
    expect(
      () => new ServiceStack(testApp(), 'Media', { service: 'media', subscriptions: [], buckets: [archive] }),
    ).toThrow(
      new InvalidPlatformConfigError(
        'Bucket archive-uploads belongs to service "archive", not "media": deploy it in its own service\'s stack (subscribe to it from any service), or fix the declaration\'s service.',
      ),
    );
    expect(
      () =>
        new ServiceStack(testApp(), 'Media', {
          service: 'media',
          subscriptions: [],
          buckets: [uploads, uploads],
        }),
    ).toThrow('Bucket media-uploads is listed twice in service media: list each bucket once.');
  });
});

describe('a handler that reads a bucket', () => {
  it('may get the objects of the buckets its subscription reads, and no other, with no cdk-nag finding', () => {
    const reader = defineSubscription({ ...createThumbnail, reads: [uploads] });
    const stack = new ServiceStack(testApp(), 'Media', {
      service: 'media',
      subscriptions: [reader],
      buckets: [uploads],
      env: { account: '111111111111', region: 'eu-west-1' },
      handlerProps: {
        'create-thumbnail': { code: lambda.Code.fromInline('exports.handler = async () => {};') },
      },
    });
    const statements = Object.values(serviceTemplate(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) =>
        (policy as { Properties: { PolicyDocument: { Statement: Array<{ Action: unknown }> } } }).Properties
          .PolicyDocument.Statement,
    );
    expect(statements.filter((statement) => statement.Action === 's3:ListBucket')).toEqual([
      expect.objectContaining({
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':s3:::media-uploads-111111111111-eu-west-1-an'],
          ],
        },
      }),
    ]);
    expect(statements.filter((statement) => statement.Action === 's3:GetObject')).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':s3:::media-uploads-111111111111-eu-west-1-an/*'],
          ],
        },
      }),
    ]);
    expect(findNagFindings(stack)).toEqual([]);
  });
});
