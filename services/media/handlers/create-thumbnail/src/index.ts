export { CreateThumbnail } from './construct';
export { subscription } from './subscription';
