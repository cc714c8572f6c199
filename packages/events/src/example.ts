import { type AnyEventContract, type DetailInputOf, type EventOf } from './contract';

/**
 * A complete EventBridge event for a contract, as a Lambda target receives it: handy in tests and sample files.
 * `detail` defaults to the contract's first example; `resources` are what the producer puts there for that detail
 * (`contract.resourcesOf`, such as an S3 event's bucket ARN), else none.
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
    resources: resourcesOf(contract, detail),
    ...overrides,
    detail,
  } as EventOf<C>;
}

function resourcesOf(contract: AnyEventContract, detail: unknown): string[] {
  if (contract.resourcesOf === undefined) return [];
  const parsed = contract.safeParseDetail(detail);
  return parsed.success ? [...contract.resourcesOf(parsed.data)] : [];
}
