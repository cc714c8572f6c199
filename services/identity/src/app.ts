import { App } from 'aws-cdk-lib';
import { IdentityStack } from './stack';

// The CDK app `nx run identity:synth | diff | deploy` runs: this service's stack alone.
const app = new App();
new IdentityStack(app, 'Identity');
app.synth();
