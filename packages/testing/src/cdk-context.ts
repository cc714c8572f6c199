import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The CDK context of the nearest `cdk.json` at or above `from` (a handler package's tests find their service's),
 * so a test synthesizes with the settings a deploy uses, such as `mailFrom`.
 *
 * @example
 * const stack = new OrdersStack(new App({ context: cdkContext() }), 'Orders');
 */
export function cdkContext(from: string = process.cwd()): Record<string, unknown> {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const file = join(dir, 'cdk.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
    if (dirname(dir) === dir) return {};
  }
}
