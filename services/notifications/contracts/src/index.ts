// The events the notifications service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export {
  CustomerNotification,
  CustomerNotificationSchema,
  CustomerNotificationTypeSchema,
} from './customer-notification';
