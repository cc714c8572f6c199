import { App } from 'aws-cdk-lib';
import { OrdersStack } from './stack';

// The CDK app `nx run orders:synth | diff | deploy` runs: this service's stack alone.
const app = new App();
new OrdersStack(app, 'Orders');
app.synth();
