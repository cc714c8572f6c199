// The events the orders service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { OrderCreated, OrderCreatedSchema } from './order-created';
