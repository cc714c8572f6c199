import { ServiceStack, type ServiceStackProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { apis } from './apis';
import { subscriptions } from './subscriptions';

/** The orders service: every subscription and API it lists, wired onto the shared bus by the platform. */
export class OrdersStack extends ServiceStack {
  constructor(scope: Construct, id: string, props: Partial<ServiceStackProps> = {}) {
    super(scope, id, { service: 'orders', subscriptions, apis, ...props });
  }
}
