import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import {
  EventHandler,
  findNagFindings,
  grantSendEmail,
  HandlerStore,
  InvalidPlatformConfigError,
} from '../src';
import { reserveStock } from './fixtures/handlers';
import { prepareFixtureBundles, testApp } from './helpers';

beforeAll(prepareFixtureBundles);

function handlerInStack(context: Record<string, string> = {}) {
  const app = testApp(context);
  const stack = new Stack(app, 'Test', { env: { account: '123456789012', region: 'eu-west-1' } });
  const handler = new EventHandler(stack, 'ReserveStock', {
    subscription: { ...reserveStock, stores: [] },
    eventBus: new EventBus(stack, 'Bus'),
  });
  return { stack, handler };
}

describe('HandlerStore', () => {
  it('gives the handler a private, encrypted, TLS-only bucket named in <NAME>_BUCKET', () => {
    const { stack, handler } = handlerInStack();
    const store = new HandlerStore(handler, 'Store', { handler, name: 'stock-levels' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ STOCK_LEVELS_BUCKET: stack.resolve(store.bucket.bucketName) }),
      },
    });
    expect(findNagFindings(stack).filter((finding) => finding.rule.startsWith('AwsSolutions-S'))).toEqual([]);
  });

  it('lets the handler read and write objects, and list the bucket so that a missing key reads as absent', () => {
    const { stack, handler } = handlerInStack();
    const store = new HandlerStore(handler, 'Store', { handler, name: 'stock-levels' });
    const bucketArn = stack.resolve(store.bucket.bucketArn) as unknown;
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: { 'Fn::Join': ['', [bucketArn, '/*']] },
          }),
          Match.objectLike({ Action: 's3:ListBucket', Resource: bucketArn }),
        ]),
      },
    });
  });

  it('refuses a store name the adapters could not ask for', () => {
    const { handler } = handlerInStack();
    expect(() => new HandlerStore(handler, 'Store', { handler, name: 'Stock Levels' })).toThrow(
      InvalidPlatformConfigError,
    );
    expect(() => new HandlerStore(handler, 'Store2', { handler, name: 'Stock Levels' })).toThrow(
      'Invalid store name "Stock Levels": use kebab-case (lower-case letters and digits, joined by single dashes), such as "stock".',
    );
  });
});

describe('grantSendEmail', () => {
  it('allows sending only as the configured address, and tells the handler the address', () => {
    const { stack, handler } = handlerInStack({ mailFrom: 'noreply@example.com' });
    expect(grantSendEmail(handler)).toBe('noreply@example.com');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: 'noreply@example.com' }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'ses:SendEmail',
            Condition: { StringEquals: { 'ses:FromAddress': 'noreply@example.com' } },
          }),
        ]),
      },
    });
  });

  it('names the context to set when the address is missing', () => {
    const { handler } = handlerInStack();
    expect(() => grantSendEmail(handler)).toThrow(/Invalid or missing context "mailFrom" \(undefined\)/);
  });
});
