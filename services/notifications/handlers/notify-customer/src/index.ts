export { NotifyCustomer } from './construct';
export { subscription } from './subscription';
