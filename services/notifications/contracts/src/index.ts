// The events the notifications service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { CustomerNotification, CustomerNotificationSchema } from './customer-notification';
