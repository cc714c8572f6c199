import { ServiceStack, type ServiceStackProps } from '@paved/platform';
import { type Construct } from 'constructs';
import { handlers } from './handlers';

/** The orders service: every registered handler, wired onto the shared bus by the platform. */
export class OrdersStack extends ServiceStack {
  constructor(scope: Construct, id: string, props: Partial<ServiceStackProps> = {}) {
    super(scope, id, { service: 'orders', handlers, ...props });
  }
}
