import { App } from 'aws-cdk-lib';
import { cdkContext, describeServiceStack } from '@paved/testing';
import { IdentityStack } from '../src/stack';

describe('IdentityStack', () => {
  describeServiceStack(new IdentityStack(new App({ context: cdkContext() }), 'Identity'));
});
