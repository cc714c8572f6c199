import { App } from 'aws-cdk-lib';
import { describeServiceStack } from '@paved/testing';
import { IdentityStack } from '../src/stack';

describe('IdentityStack', () => {
  describeServiceStack(new IdentityStack(new App(), 'Identity'));
});
