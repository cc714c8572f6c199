import { App } from 'aws-cdk-lib';
import { cdkContext, describeServiceStack } from '@paved/testing';
import { OrdersStack } from '../src/stack';

describe('OrdersStack', () => {
  describeServiceStack(new OrdersStack(new App({ context: cdkContext() }), 'Orders'));
});
