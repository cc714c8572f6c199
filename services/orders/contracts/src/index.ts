// The events the orders service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { formatMoney } from './money';
export { OrderCreated, OrderCreatedSchema, OrderLineSchema, type OrderCreatedDetail } from './order-created';
export { linesTotalMinor, unitCount } from './order-lines';
export { PaymentCaptured, PaymentCapturedSchema, type PaymentCapturedDetail } from './payment-captured';
export {
  PaymentDeclined,
  PaymentDeclinedSchema,
  PaymentDeclineReasonSchema,
  type PaymentDeclinedDetail,
  type PaymentDeclineReason,
} from './payment-declined';
