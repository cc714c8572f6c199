import { CreateThumbnail } from '@paved/media-create-thumbnail';
import { type HandlerClass } from '@paved/platform';

/**
 * Every handler of the media service: its stack deploys exactly these, and the local bus runs exactly these.
 */
export const handlers: readonly HandlerClass[] = [
  CreateThumbnail,
  // `npx hygen handler new --service media ...` adds each new handler above this line.
];
