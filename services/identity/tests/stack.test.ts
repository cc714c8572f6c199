import { App } from 'aws-cdk-lib';
import { cdkContext, describeServiceStack } from '@paved/testing/stack';
import { IdentityStack } from '../src/stack';

describe('IdentityStack', () => {
  describeServiceStack(new IdentityStack(new App({ context: cdkContext() }), 'Identity'));
});
