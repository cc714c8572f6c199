import { App } from 'aws-cdk-lib';
import { MediaStack } from './stack';

// The CDK app `nx run media:synth | diff | deploy` runs: this service's stack alone.
const app = new App();
new MediaStack(app, 'Media');
app.synth();
