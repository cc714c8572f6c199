import { ServiceStack, type ServiceStackProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { buckets } from './buckets';
import { subscriptions } from './subscriptions';

/** The media service: every subscription and bucket it lists, wired onto the shared bus by the platform. */
export class MediaStack extends ServiceStack {
  constructor(scope: Construct, id: string, props: Partial<ServiceStackProps> = {}) {
    super(scope, id, { service: 'media', subscriptions, buckets, ...props });
  }
}
