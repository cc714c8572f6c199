// The events the identity service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { UserSignedUp, UserSignedUpSchema } from './user-signed-up';
