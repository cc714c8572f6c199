import { App } from 'aws-cdk-lib';
import { cdkContext, describeServiceStack } from '@paved/testing';
import { MediaStack } from '../src/stack';

describe('MediaStack', () => {
  describeServiceStack(new MediaStack(new App({ context: cdkContext() }), 'Media'));
});
