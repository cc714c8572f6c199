---
to: <%- dir %>/tests/stack.test.ts
---
import { App } from 'aws-cdk-lib';
import { cdkContext, describeServiceStack } from '@paved/testing/stack';
import { <%- pascalName %>Stack } from '../src/stack';

describe('<%- pascalName %>Stack', () => {
  describeServiceStack(new <%- pascalName %>Stack(new App({ context: cdkContext() }), '<%- pascalName %>'));
});
