---
to: <%- dir %>/src/stack.ts
---
import { ServiceStack, type ServiceStackProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscriptions } from './subscriptions';

/** The <%- name %> service: every subscription it lists, wired onto the shared bus by the platform. */
export class <%- pascalName %>Stack extends ServiceStack {
  constructor(scope: Construct, id: string, props: Partial<ServiceStackProps> = {}) {
    super(scope, id, { service: '<%- name %>', subscriptions, ...props });
  }
}
