import { App } from 'aws-cdk-lib';
import { describeServiceStack } from '@paved/testing';
import { NotificationsStack } from '../src/stack';

describe('NotificationsStack', () => {
  describeServiceStack(new NotificationsStack(new App(), 'Notifications'));
});
