import * as z from 'zod/mini';
import { InvalidArgumentError } from './errors';

/**
 * The field types `--fields` accepts, each with the zod it writes (`zod/mini`, as contracts are written), the schema
 * it checks with, and an example.
 */
const FIELD_TYPES = {
  string: {
    source: 'z.string().check(z.minLength(1))',
    schema: () => z.string().check(z.minLength(1)),
    example: (name: string) => `${name}-1`,
  },
  number: { source: 'z.number()', schema: () => z.number(), example: () => 1 },
  integer: { source: 'z.int()', schema: () => z.int(), example: () => 1 },
  boolean: { source: 'z.boolean()', schema: () => z.boolean(), example: () => true },
  datetime: {
    source: 'z.iso.datetime()',
    schema: () => z.iso.datetime(),
    example: () => '2026-01-01T12:00:00Z',
  },
  email: { source: 'z.email()', schema: () => z.email(), example: () => 'someone@example.com' },
  uuid: { source: 'z.uuid()', schema: () => z.uuid(), example: () => '3f1c0f7e-8c5e-4a8f-9a55-2f9a7d2b6c11' },
} as const;

export type FieldType = keyof typeof FIELD_TYPES;

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly optional: boolean;
  /** The zod/mini expression written into the contract file. */
  readonly zod: string;
}

const FIELD = /^([A-Za-z_][A-Za-z0-9_]*)(\?)?:([a-z]+)$/;

/** Parses `--fields "bucket:string,key:string,sizeBytes:integer,caption?:string"`. */
export function parseFields(text: string): FieldSpec[] {
  const specs = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const match = FIELD.exec(part);
      const type = match?.[3];
      if (!match || !type || !(type in FIELD_TYPES)) {
        throw new InvalidArgumentError(
          `Invalid field ${JSON.stringify(part)} in --fields: write name:type or name?:type (optional), with type one of ${Object.keys(FIELD_TYPES).join(', ')}. Example: --fields "bucket:string,key:string,sizeBytes:integer".`,
        );
      }
      const fieldType = type as FieldType;
      const optional = match[2] === '?';
      return {
        name: match[1]!,
        type: fieldType,
        optional,
        zod: optional ? `z.optional(${FIELD_TYPES[fieldType].source})` : FIELD_TYPES[fieldType].source,
      };
    });
  if (specs.length === 0) {
    throw new InvalidArgumentError(
      `--fields ${JSON.stringify(text)} names no field: give at least one, such as --fields "id:string".`,
    );
  }
  return specs;
}

/** The zod object schema the fields describe: the same one the written contract declares. */
export function fieldsSchema(fields: readonly FieldSpec[]): z.ZodMiniObject {
  return z.object(
    Object.fromEntries(
      fields.map((field) => {
        const schema = FIELD_TYPES[field.type].schema();
        return [field.name, field.optional ? z.optional(schema) : schema];
      }),
    ),
  );
}

/** A valid detail for the fields: every field filled in, optional ones too. */
export function fieldsExample(fields: readonly FieldSpec[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, FIELD_TYPES[field.type].example(field.name)]));
}
