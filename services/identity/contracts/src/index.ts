// The events the identity service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export { UserSignedUp, UserSignedUpSchema, type UserSignedUpDetail } from './user-signed-up';
export { normalizeEmail, userIdOf } from './user-id';
