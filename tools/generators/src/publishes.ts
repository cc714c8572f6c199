import { type AnyEventContract } from '@paved/events';
import * as z from 'zod';
import { InvalidArgumentError } from './errors';

/** One field of a published event's detail, as the generated code fills it in. */
export interface PublishedField {
  readonly name: string;
  /** The name as an object literal key: `orderId`, or `"order-id"` quoted. */
  readonly key: string;
  /** True when the field is copied from the handled event's detail; false: the published contract's example's. */
  readonly fromEvent: boolean;
  /** The expression written: `detail.orderId`, or the example's value as a literal such as `6000`. */
  readonly code: string;
}

/** A contract the new handler publishes (`--publishes <service>.<Contract>`), and how its detail is derived. */
export interface PublishParams {
  readonly exportName: string;
  readonly packageName: string;
  readonly source: string;
  readonly detailType: string;
  /** The logic function that derives this event's detail from the handled one: `toPaymentCaptured`. */
  readonly functionName: string;
  readonly fields: readonly PublishedField[];
  /** What the function returns for the handled contract's first example, as JSON: the generated tests expect it. */
  readonly exampleJson: string;
}

/** A contract named on the command line, resolved. */
export interface NamedContract {
  readonly contract: AnyEventContract;
  readonly exportName: string;
  readonly packageName: string;
}

/**
 * The published contracts' parameters: each checked (not an AWS service's event, not the handled event itself) and
 * its detail derived from the handled event's: a field of the same name and the same schema is copied, every other
 * field is the published contract's first example's. Copying only fields whose schemas agree keeps the generated
 * code both type-correct and valid, whatever the two contracts are.
 */
export function publishParams(handled: NamedContract, published: readonly NamedContract[]): PublishParams[] {
  const names = new Set<string>([handled.exportName]);
  return published.map((target) => {
    const key = `${target.packageName} ${target.exportName}`;
    if (target.contract.producer === 'aws') {
      throw new InvalidArgumentError(
        `Invalid --publishes ${target.exportName}: it is an AWS service's event, which only AWS puts on a bus. ` +
          'Publish an event of your own (a contract made with defineEvent) instead.',
      );
    }
    if (
      target.contract.source === handled.contract.source &&
      target.contract.detailType === handled.contract.detailType
    ) {
      throw new InvalidArgumentError(
        `Invalid --publishes ${target.exportName}: the handler consumes ${target.contract.source} / ` +
          `${target.contract.detailType} itself, so each event it published would invoke it again, without end. ` +
          'Publish a follow-on event instead.',
      );
    }
    if (names.has(target.exportName)) {
      throw new InvalidArgumentError(
        `Invalid --publishes: two contracts are named ${target.exportName} (${key} among them), and one module ` +
          'cannot import both. Generate the handler with one of them, then add the other by hand under another name.',
      );
    }
    names.add(target.exportName);
    let fields = derivedFields(handled.contract, target.contract, true);
    let derived = derivedExample(handled.contract, target.contract, fields);
    if (!target.contract.safeParseDetail(derived).success) {
      // The schemas agreed and the values do not: take nothing from the event rather than write an invalid detail.
      fields = derivedFields(handled.contract, target.contract, false);
      derived = derivedExample(handled.contract, target.contract, fields);
    }
    return {
      exportName: target.exportName,
      packageName: target.packageName,
      source: target.contract.source,
      detailType: target.contract.detailType,
      functionName: `to${target.exportName}`,
      fields,
      exampleJson: JSON.stringify(derived, null, 2),
    };
  });
}

/** What the derived detail is for the handled contract's first example. */
function derivedExample(
  handled: AnyEventContract,
  published: AnyEventContract,
  fields: readonly PublishedField[],
): Record<string, unknown> {
  const handledExample = handled.examples[0] as Record<string, unknown>;
  const publishedExample = published.examples[0] as Record<string, unknown>;
  return Object.fromEntries(
    fields
      .map(
        (field) => [field.name, (field.fromEvent ? handledExample : publishedExample)[field.name]] as const,
      )
      .filter(([, value]) => value !== undefined),
  );
}

/** The published contract's fields, in its example's order, each copied from the handled event where that is safe. */
function derivedFields(
  handled: AnyEventContract,
  published: AnyEventContract,
  copy: boolean,
): PublishedField[] {
  const from = fieldSchemas(handled, 'output');
  const to = fieldSchemas(published, 'input');
  const example = published.examples[0] as Record<string, unknown>;
  return Object.keys(example).map((name) => {
    const source = from.get(name);
    const target = to.get(name);
    const fromEvent =
      copy &&
      source !== undefined &&
      target !== undefined &&
      (source.required || !target.required) &&
      carries(source.schema, target.schema);
    return {
      name,
      key: /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name),
      fromEvent,
      code: fromEvent ? `detail${propertyAccess(name)}` : JSON.stringify(example[name]),
    };
  });
}

type JsonSchema = Readonly<Record<string, unknown>>;

/** Each field's JSON Schema and whether it is required, as a handler receives the detail (`output`) or a publisher gives it (`input`). */
function fieldSchemas(
  contract: AnyEventContract,
  io: 'input' | 'output',
): Map<string, { schema: JsonSchema; required: boolean }> {
  const schema = z.toJSONSchema(contract.detailSchema, { io, unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return new Map(
    Object.entries(schema.properties ?? {}).map(([name, field]) => [
      name,
      { schema: field, required: (schema.required ?? []).includes(name) },
    ]),
  );
}

/**
 * Whether every value `source` describes is one `target` accepts, judged safely: the same schema, or a target that
 * asks for no more than a type the source has (any string, any number). A schema JSON Schema cannot show (`{}`)
 * carries nothing.
 */
function carries(source: JsonSchema, target: JsonSchema): boolean {
  if (Object.keys(target).length === 0 || Object.keys(source).length === 0) return false;
  if (JSON.stringify(withoutNotes(source)) === JSON.stringify(withoutNotes(target))) return true;
  const bare = Object.keys(withoutNotes(target)).length === 1 && typeof target['type'] === 'string';
  return (
    bare &&
    (source['type'] === target['type'] || (target['type'] === 'number' && source['type'] === 'integer'))
  );
}

function withoutNotes(schema: JsonSchema): JsonSchema {
  const { description: _description, $schema: _schema, ...rest } = schema;
  return rest;
}

function propertyAccess(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
