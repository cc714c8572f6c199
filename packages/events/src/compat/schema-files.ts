import { posix } from 'node:path';
import { type AnyEventContract } from '../contract';
import { contractJsonSchema } from '../json-schema';
import { pascalCase } from '../naming';
import { type JsonSchema } from './shapes';

/** The folder of a contracts package that holds its committed schemas. */
export const SCHEMAS_DIR = 'schemas';

/** One contract's committed schema file, and what names it. */
export interface SchemaFile {
  /** The name the contracts package exports it under, such as `OrderCreatedV2`. */
  readonly exportName: string;
  readonly contract: AnyEventContract;
  /** The event's detail-type without its version suffix: `OrderCreated` for `OrderCreated.v2`. */
  readonly family: string;
  readonly version: number;
  /** `schemas/myapp.orders/OrderCreated/v1.json`, relative to the contracts package. */
  readonly path: string;
  /** Why the contract's version and detail-type disagree, if they do. */
  readonly problem: string | undefined;
}

/**
 * The detail-type a version of an event is published under: the event's own for version 1, then with a `.v<n>`
 * suffix (`OrderCreated.v2`). A breaking change gets a detail-type of its own so that consumers of the previous
 * version, whose rules match its detail-type exactly, never receive the new one: the producer publishes both while
 * consumers move over one at a time, and no consumer's pattern has to change first. (A version field inside
 * `detail` could not do that: rules written before it existed would match both.)
 */
export function versionedDetailType(family: string, version: number): string {
  return version === 1 ? family : `${family}.v${version}`;
}

/** The event a contract is a version of: its detail-type without the `.v<n>` suffix (`OrderCreated.v2` → `OrderCreated`). */
export function eventFamily(contract: Pick<AnyEventContract, 'detailType' | 'version'>): string {
  const suffix = `.v${contract.version}`;
  return contract.version > 1 && contract.detailType.endsWith(suffix)
    ? contract.detailType.slice(0, -suffix.length)
    : contract.detailType;
}

/** Where a contract's schema is committed, and whether its version and detail-type agree. */
export function schemaFileOf(exportName: string, contract: AnyEventContract): SchemaFile {
  const { version, detailType } = contract;
  const family = eventFamily(contract);
  const problem =
    version > 1 && family === detailType
      ? `${exportName} declares version ${version} with detail-type ${JSON.stringify(detailType)}: a new version ` +
        `needs a detail-type of its own, ${JSON.stringify(versionedDetailType(detailType, version))}, so that consumers ` +
        'of the previous version never receive it (`npx hygen event version` writes it so).'
      : undefined;
  return {
    exportName,
    contract,
    family,
    version,
    path: posix.join(SCHEMAS_DIR, contract.source, pascalCase(family), `v${version}.json`),
    problem,
  };
}

/** The document committed for a contract: its whole event's JSON Schema (`contractJsonSchema`), as plain JSON. */
export function schemaDocument(contract: AnyEventContract): Record<string, unknown> {
  return JSON.parse(JSON.stringify(contractJsonSchema(contract))) as Record<string, unknown>;
}

/** The `detail` part of a committed document: what the compatibility check compares (the envelope is fixed). */
export function detailSchemaOf(document: unknown): JsonSchema | undefined {
  const properties = (document as { properties?: { detail?: JsonSchema } } | undefined)?.properties;
  return properties?.detail;
}
