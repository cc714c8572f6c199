import { type Bucket } from '@paved/events';
import { uploads } from '@paved/media-contracts';

/**
 * Every bucket the media service owns whose S3 events the system consumes: its stack deploys exactly these (with
 * EventBridge notifications on), and the local bus makes a local bucket of each.
 */
export const buckets = [uploads] as const satisfies readonly Bucket[];
