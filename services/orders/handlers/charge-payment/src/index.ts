export { ChargePayment } from './construct';
export { subscription } from './subscription';
