import { api as createOrder } from '@paved/orders-create-order-api';
import { type Api } from '@paved/events';

/**
 * Every HTTP endpoint of the orders service, by its declaration: its stack deploys exactly these on its HTTP API, and
 * the local bus serves exactly these.
 */
export const apis = [
  createOrder,
  // `npx hygen api new --service orders ...` adds each new API above this line.
] as const satisfies readonly Api[];
