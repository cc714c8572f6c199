// The events the notifications service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export {
  CustomerNotification,
  type CustomerNotificationDetail,
  CustomerNotificationSchema,
  CustomerNotificationTypeSchema,
} from './customer-notification';
