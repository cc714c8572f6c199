import { App } from 'aws-cdk-lib';
import { describeServiceStack } from '@paved/testing';
import { MediaStack } from '../src/stack';

describe('MediaStack', () => {
  describeServiceStack(new MediaStack(new App(), 'Media'));
});
