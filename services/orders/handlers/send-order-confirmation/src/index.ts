export { SendOrderConfirmation } from './construct';
export { subscription } from './subscription';
