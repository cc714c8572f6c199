import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type FixtureName =
  | 'order-created'
  | 'order-created-correlated'
  | 'order-created-invalid'
  | 'order-shipped'
  | 'sqs-message'
  | 'http-api-post-orders';

/** A fresh copy of a JSON event from tests/fixtures, as Lambda would pass it. */
export function loadEvent(name: FixtureName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}
