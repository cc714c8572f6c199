import { type AnyEventContract, contractJsonSchema, exampleEvent, validatePattern } from '@paved/events';
import { loadSampleEvents } from './samples';

function isContract(value: unknown): value is AnyEventContract {
  return typeof value === 'object' && value !== null && 'detailSchema' in value && 'safeParse' in value;
}

/**
 * Registers the tests every contracts package runs on each contract it exports: its examples are valid
 * events, events missing a required field or holding a wrong type are rejected naming the field, its default
 * pattern is valid, and its JSON Schema describes its detail.
 *
 * @example
 * import * as contracts from '../src';
 * describe('orders contracts', () => expectValidContracts(contracts));
 */
export function expectValidContracts(exports: Readonly<Record<string, unknown>>): void {
  const contracts = Object.entries(exports).filter(([, value]) => isContract(value)) as Array<
    [string, AnyEventContract]
  >;

  it('exports each contract with its zod schema, named <Contract>Schema', () => {
    for (const [name, contract] of contracts) {
      expect(exports[`${name}Schema`]).toBe(contract.detailSchema);
    }
  });

  it('declares each source and detail-type once', () => {
    const keys = contracts.map(([, contract]) => contract.name);
    expect(new Set(keys).size).toBe(keys.length);
  });

  // A new service's contracts package exports none yet, and Jest refuses an empty table.
  if (contracts.length === 0) return;
  describe.each(contracts)('%s', (_name, contract) => {
    it('accepts every example as a whole EventBridge event', () => {
      for (const example of contract.examples) {
        expect(contract.safeParse(exampleEvent(contract, example)).success).toBe(true);
      }
    });

    // Once here for every consumer: a handler's `defineHandler` validates with this same contract.
    it.each(
      loadSampleEvents(contract).invalid.map((sample) => [sample.file, sample.issuePath, sample.event]),
    )('rejects %s, naming %s', (_file, issuePath, event) => {
      const result = contract.safeParse(event);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.error.issues[0]!.path).toBe(issuePath);
    });

    it('has a valid default rule pattern', () => {
      expect(() => validatePattern(contract.pattern)).not.toThrow();
    });

    it('exports a JSON Schema of its detail', () => {
      const schema = contractJsonSchema(contract) as { properties: { detail: { type: string } } };
      expect(schema.properties.detail.type).toBe('object');
    });
  });
}
