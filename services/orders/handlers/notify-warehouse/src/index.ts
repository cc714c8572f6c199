export { NotifyWarehouse } from './construct';
export { subscription } from './subscription';
