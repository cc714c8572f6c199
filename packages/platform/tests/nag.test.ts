import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { addNagChecks, findNagFindings, PlatformStack, ServiceStack } from '../src';
import { api as takeOrder } from './fixtures/apis/take-order/src/api';
import { uploads } from './fixtures/buckets';
import { OrderCreated, StockReserved, StockShort } from './fixtures/contracts';
import { createThumbnail, inventorySubscriptions } from './fixtures/handlers';
import { prepareFixtureBundles, testApp } from './helpers';

describe('cdk-nag', () => {
  beforeAll(() => {
    prepareFixtureBundles();
    // cdk-nag 3.0.2's EventBusOpenAccess rule reads CfnEventBusPolicy#principal, which aws-cdk-lib deprecates:
    // that warning is cdk-nag's, not a finding. Every other warning still prints.
    const warn = console.warn.bind(console);
    jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!args.map(String).join(' ').includes('CfnEventBusPolicy#principal is deprecated')) warn(...args);
    });
  });

  afterAll(() => jest.restoreAllMocks());

  function fixtureApp() {
    const app = testApp();
    const platform = new PlatformStack(app, 'Platform', {
      contracts: [OrderCreated, StockReserved, StockShort],
      alarmEmails: ['oncall@example.com'],
    });
    const service = new ServiceStack(app, 'Inventory', {
      service: 'inventory',
      subscriptions: inventorySubscriptions,
      apis: [takeOrder],
    });
    const media = new ServiceStack(app, 'Media', {
      service: 'media',
      subscriptions: [createThumbnail],
      buckets: [uploads],
    });
    return { app, platform, service, media };
  }

  it('finds nothing unacknowledged in a platform stack, a service with two handlers and an API, and one with a bucket and a route (AwsSolutions + Serverless)', () => {
    const { app } = fixtureApp();
    expect(findNagFindings(app)).toEqual([]);
  });

  it('lets the app synthesize with both packs registered, with no warning or error annotations', () => {
    const { app, platform, service, media } = fixtureApp();
    addNagChecks(app);
    expect(() => app.synth()).not.toThrow();
    for (const stack of [platform, service, media]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });

  it('reports what it has not been told to accept, with the id to acknowledge it by', () => {
    const app = testApp();
    new sqs.Queue(new Stack(app, 'Careless'), 'Queue');
    expect(findNagFindings(app).map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']),
    );
    expect(findNagFindings(app, { serverless: false }).map((finding) => finding.rule)).not.toContain(
      'Serverless-SQSRedrivePolicy',
    );
    expect(findNagFindings(app)[0]!.paths).toEqual(['Careless/Queue/Resource']);
    addNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });
});
