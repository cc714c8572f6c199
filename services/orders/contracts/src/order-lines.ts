import type * as z from 'zod/mini';
import { type OrderLineSchema } from './order-created';

type OrderLine = z.infer<typeof OrderLineSchema>;

/** The sum of an order's lines, in minor units (exact: no floating point). */
export function linesTotalMinor(lines: readonly OrderLine[]): number {
  return lines.reduce((total, line) => total + line.quantity * line.unitPriceMinor, 0);
}

/** How many units an order holds, over all its lines. */
export function unitCount(lines: readonly OrderLine[]): number {
  return lines.reduce((units, line) => units + line.quantity, 0);
}
