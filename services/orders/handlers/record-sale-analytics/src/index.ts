export { RecordSaleAnalytics } from './construct';
export { subscription } from './subscription';
