// The event this handler consumes. Its contract lives with the service that owns the event, so the producer
// and every consumer share one declaration.
export { OrderCreated } from '@paved/orders-contracts';
