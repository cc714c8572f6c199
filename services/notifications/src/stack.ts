import { ServiceStack, type ServiceStackProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { subscriptions } from './subscriptions';

/** The notifications service: every subscription it lists, wired onto the shared bus by the platform. */
export class NotificationsStack extends ServiceStack {
  constructor(scope: Construct, id: string, props: Partial<ServiceStackProps> = {}) {
    super(scope, id, { service: 'notifications', subscriptions, ...props });
  }
}
