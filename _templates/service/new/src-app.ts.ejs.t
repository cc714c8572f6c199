---
to: <%- dir %>/src/app.ts
---
import { App } from 'aws-cdk-lib';
import { <%- pascalName %>Stack } from './stack';

// The CDK app `nx run <%- name %>:synth | diff | deploy` runs: this service's stack alone.
const app = new App();
new <%- pascalName %>Stack(app, '<%- pascalName %>');
app.synth();
