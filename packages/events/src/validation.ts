import * as z from 'zod/mini';
import { en } from 'zod/v4/locales';

// zod classic sets English messages as it makes its first schema; zod/mini sets no locale, and without one every issue
// says only "Invalid input". Set here, once, in the module every contract, envelope and API schema is parsed through,
// so producers, handlers and API answers read the messages zod classic gives. Only when no locale is set yet, as zod
// classic does it: an application's own `z.config(...)` still wins.
if (!z.config().localeError) z.config(en());

/**
 * Parses a value with a zod 4 schema, zod/mini or classic alike (both are zod core schemas), returning the issues
 * instead of throwing them: what `schema.safeParse(value)` does, for a schema typed by the core they share.
 */
export const safeParseWith: typeof z.safeParse = z.safeParse;
