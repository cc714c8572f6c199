import { subscription as createThumbnail } from '@paved/media-create-thumbnail';
import { type Subscription } from '@paved/events';

/**
 * Every handler of the media service, by its subscription: its stack deploys exactly these, and the local bus
 * runs exactly these.
 */
export const subscriptions = [
  createThumbnail,
  // `npx hygen handler new --service media ...` adds each new handler above this line.
] as const satisfies readonly Subscription[];
