import { ValidationError } from '../errors';
import { parseEventJson } from '../patterns/event';
import { type JsonPath, parseJsonPath, selectJsonPath } from './json-path';
import { isStringTemplate, PLACEHOLDER, PREDEFINED, renderTemplate, toJson } from './template';

/** How a rule target's input is shaped: at most one of `Input`, `InputPath` and `InputTransformer`. */
export interface TargetInput {
  /** The target id, used in AWS's error messages. @default 'target' */
  readonly Id?: string;
  /** Constant JSON text delivered instead of the event. */
  readonly Input?: string;
  /** A JSONPath into the event; the selected part is delivered. */
  readonly InputPath?: string;
  /** Values picked from the event by `InputPathsMap`, placed into `InputTemplate`. */
  readonly InputTransformer?: {
    readonly InputPathsMap?: Readonly<Record<string, string>>;
    readonly InputTemplate: string;
  };
}

/** What EventBridge adds to each delivery: the rule and when the event arrived. */
export interface TransformContext {
  readonly ruleName: string;
  /** `arn:aws:events:<region>:<account>:rule/<bus-name>/<rule-name>` (no bus name on the default bus). */
  readonly ruleArn: string;
  /** ISO 8601, such as `2024-07-11T13:55:46Z`. */
  readonly ingestionTime: string;
}

export type TransformResult =
  | { readonly delivered: true; readonly payload: string }
  | { readonly delivered: false; readonly reason: string };

const MAX_PATHS = 100;
const MAX_TEMPLATE = 8192;
const KEY_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a target's input as `PutTargets` does, with AWS's error messages; throws {@link ValidationError}.
 *
 * @example
 * validateTargetInput({ Id: 'audit', InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '{"event": <id>}' } });
 * validateTargetInput({ Id: 'audit', InputTransformer: { InputTemplate: '"<nope>"' } });
 * // ValidationError: InputTemplate for target audit contains invalid placeholder nope.
 */
export function validateTargetInput(target: TargetInput): void {
  const id = target.Id ?? 'target';
  const options = [target.Input, target.InputPath, target.InputTransformer].filter((o) => o !== undefined);
  if (options.length > 1) {
    fail(
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`,
      'Keep exactly one of them.',
    );
  }
  if (target.Input !== undefined && parseEventJson(target.Input) === undefined) {
    fail(
      `Input for target ${id} is not a valid JSON text.`,
      `Input must be JSON, such as '{"key": "value"}' or '"text"'; received ${target.Input}.`,
    );
  }
  if (target.InputPath !== undefined) pathOf(target.InputPath, id, 'inputPath');
  const transformer = target.InputTransformer;
  if (transformer === undefined) return;
  const template = transformer.InputTemplate as string | undefined;
  if (typeof template !== 'string' || template.length < 1 || template.length > MAX_TEMPLATE) {
    fail(
      `1 validation error detected: Value at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: ` +
        `Member must have length between 1 and ${MAX_TEMPLATE}`,
      `InputTemplate is required and holds 1 to ${MAX_TEMPLATE} characters.`,
    );
  }
  const paths = transformer.InputPathsMap ?? {};
  const keys = Object.keys(paths);
  if (keys.length > MAX_PATHS) {
    fail(
      `1 validation error detected: Value at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${MAX_PATHS}`,
      `Use at most ${MAX_PATHS} variables; select a parent object instead of many leaves.`,
    );
  }
  for (const key of keys) {
    if (!KEY_PATTERN.test(key) || PREDEFINED.has(key)) {
      fail(
        `InputPathsMap for target ${id} contains invalid key ${key}.`,
        'Name variables with letters, digits, - and _; the aws.events.* names are predefined and cannot be redefined.',
      );
    }
    pathOf(paths[key] as string, id, `inputPathsMap.${key}`);
  }
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!PREDEFINED.has(name) && !Object.prototype.hasOwnProperty.call(paths, name)) {
      fail(
        `InputTemplate for target ${id} contains invalid placeholder ${name}.`,
        `Define ${name} in InputPathsMap (such as "${name}": "$.detail.${name}") or remove <${name}> from the template.`,
      );
    }
  }
}

/**
 * The payload EventBridge delivers to one target for one matched event, or why it delivers nothing
 * (an input template whose result is not valid JSON is accepted by `PutTargets` but never delivered).
 * Throws {@link ValidationError} if the target itself is invalid (see {@link validateTargetInput}).
 *
 * @example
 * transformInput(
 *   { InputTransformer: { InputPathsMap: { id: '$.detail.id' }, InputTemplate: '{"order": <id>}' } },
 *   { id: 'e1', detail: { id: 'o-1' } },
 *   { ruleName: 'r', ruleArn: 'arn:aws:events:eu-west-1:123456789012:rule/r', ingestionTime: '2024-01-01T00:00:00Z' },
 * ); // { delivered: true, payload: '{"order": "o-1"}' }
 */
export function transformInput(
  target: TargetInput,
  event: object | string,
  context: TransformContext,
): TransformResult {
  validateTargetInput(target);
  const value = typeof event === 'string' ? parseEventJson(event) : event;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('Parameter Event is not valid.', 'The event must be a JSON object.');
  }
  if (target.Input !== undefined) return { delivered: true, payload: target.Input };
  if (target.InputPath !== undefined) {
    const selected = selectJsonPath(parseJsonPath(target.InputPath), value);
    if (!selected.found)
      return { delivered: false, reason: `InputPath ${target.InputPath} selects nothing in the event.` };
    return { delivered: true, payload: toJson(selected.value) };
  }
  const transformer = target.InputTransformer;
  if (transformer === undefined)
    return { delivered: true, payload: typeof event === 'string' ? event : toJson(event) };
  const paths = new Map<string, JsonPath>();
  for (const [key, path] of Object.entries(transformer.InputPathsMap ?? {}))
    paths.set(key, parseJsonPath(path));
  const payload = renderTemplate(transformer.InputTemplate, (name) => {
    const predefined = predefinedValue(name, value as Record<string, unknown>, context);
    if (predefined !== undefined) return { found: true, value: predefined };
    const path = paths.get(name);
    return path ? selectJsonPath(path, value) : { found: false, value: undefined };
  });
  if (!isStringTemplate(transformer.InputTemplate) && parseEventJson(payload) === undefined) {
    return {
      delivered: false,
      reason:
        'The InputTemplate produced invalid JSON (an object or array placed inside quotes?), so EventBridge delivers nothing: ' +
        payload,
    };
  }
  return { delivered: true, payload };
}

function predefinedValue(name: string, event: Record<string, unknown>, context: TransformContext): unknown {
  switch (name) {
    case 'aws.events.rule-arn':
      return context.ruleArn;
    case 'aws.events.rule-name':
      return context.ruleName;
    case 'aws.events.event.ingestion-time':
      return context.ingestionTime;
    case 'aws.events.event.json':
      return event;
    case 'aws.events.event':
      // The envelope without detail, with AWS's camel-case `detailType`.
      return {
        id: event['id'],
        account: event['account'],
        detailType: event['detail-type'],
        time: event['time'],
        source: event['source'],
        region: event['region'],
        resources: event['resources'],
        version: event['version'],
      };
    default:
      return undefined;
  }
}

function pathOf(path: string, id: string, field: string): JsonPath {
  try {
    return parseJsonPath(path);
  } catch (error) {
    fail(
      `${field === 'inputPath' ? 'InputPath' : `InputPathsMap value ${field.slice('inputPathsMap.'.length)}`} for target ${id} is not a valid JSONPath: ${path}.`,
      `Write a path such as $.detail.id, $.resources[0] or $['detail-type'] (${(error as Error).message}).`,
      error,
    );
  }
}

function fail(message: string, hint: string, cause?: unknown): never {
  throw new ValidationError(message, hint, cause === undefined ? undefined : { cause });
}
