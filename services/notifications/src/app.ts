import { App } from 'aws-cdk-lib';
import { NotificationsStack } from './stack';

// The CDK app `nx run notifications:synth | diff | deploy` runs: this service's stack alone.
const app = new App();
new NotificationsStack(app, 'Notifications');
app.synth();
