import * as z from 'zod/mini';
import { type AnyEventContract } from './contract';

/** JSON Schema dialects zod 4 can write. `openapi-3.0` is what the EventBridge schema registry reads. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-7' | 'draft-4' | 'openapi-3.0';

const DIALECTS: Record<Exclude<JsonSchemaTarget, 'openapi-3.0'>, string> = {
  'draft-2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-7': 'http://json-schema.org/draft-07/schema#',
  'draft-4': 'http://json-schema.org/draft-04/schema#',
};

/**
 * The JSON Schema of a contract's whole event, with `detail` written by zod 4's own `z.toJSONSchema`
 * (`zod-to-json-schema` returns `{}` for zod 4 schemas). A function of its own, not a method of the
 * contract, so a Lambda bundle that never writes schemas leaves zod's JSON Schema code out (about 22 KB).
 *
 * @example
 * const schema = contractJsonSchema(OrderCreated, { target: 'openapi-3.0' });
 */
export function contractJsonSchema(
  contract: AnyEventContract,
  { target = 'draft-2020-12' }: { target?: JsonSchemaTarget } = {},
): Record<string, unknown> {
  const detail = z.toJSONSchema(contract.detailSchema, {
    target,
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete detail['$schema'];
  // OpenAPI 3.0 and draft 4 have no `const`.
  const constant = (value: string): Record<string, unknown> =>
    target === 'openapi-3.0' || target === 'draft-4'
      ? { type: 'string', enum: [value] }
      : { type: 'string', const: value };
  return {
    ...(target === 'openapi-3.0' ? {} : { $schema: DIALECTS[target] }),
    title: `${contract.source} ${contract.detailType}`,
    description: contract.description,
    type: 'object',
    required: ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail'],
    properties: {
      version: { type: 'string' },
      id: { type: 'string' },
      'detail-type': constant(contract.detailType),
      source: constant(contract.source),
      account: { type: 'string' },
      time: { type: 'string', format: 'date-time' },
      region: { type: 'string' },
      resources: { type: 'array', items: { type: 'string' } },
      detail,
    },
  };
}
