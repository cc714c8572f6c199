export { ReserveStock } from './construct';
export { subscription } from './subscription';
