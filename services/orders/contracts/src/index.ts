// The events the orders service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { OrderCreated, OrderCreatedSchema, OrderLineSchema, type OrderCreatedDetail } from './order-created';
export { linesTotalMinor, unitCount } from './order-lines';
