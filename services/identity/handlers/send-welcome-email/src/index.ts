export { SendWelcomeEmail } from './construct';
export { subscription } from './subscription';
