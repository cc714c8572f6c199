import { App } from 'aws-cdk-lib';
import { cdkContext, describeServiceStack } from '@paved/testing/stack';
import { NotificationsStack } from '../src/stack';

describe('NotificationsStack', () => {
  describeServiceStack(new NotificationsStack(new App({ context: cdkContext() }), 'Notifications'));
});
