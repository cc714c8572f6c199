import { type AnyEventContract, type DetailInputOf, type EventOf } from './contract';

/**
 * A complete EventBridge event for a contract, as a Lambda target receives it: handy in tests and sample files.
 * `detail` defaults to the contract's first example.
 */
export function exampleEvent<C extends AnyEventContract>(
  contract: C,
  detail: DetailInputOf<C> = contract.examples[0],
  overrides: Partial<Omit<EventOf<C>, 'detail'>> = {},
): EventOf<C> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': contract.detailType,
    source: contract.source,
    account: '123456789012',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    ...overrides,
    detail,
  } as EventOf<C>;
}
