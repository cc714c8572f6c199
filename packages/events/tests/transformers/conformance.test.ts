import {
  transformInput,
  type TargetInput,
  type TransformContext,
  validateTargetInput,
  ValidationError,
} from '../../src';
import { loadCorpus, passTable } from '../patterns/shared-corpus';

interface TransformerCase {
  readonly name: string;
  readonly kind: 'inputPath' | 'inputTransformer' | 'putTargetsError';
  readonly event: object | null;
  readonly inputPath?: string | null;
  readonly inputPathsMap?: Record<string, string> | null;
  readonly inputTemplate?: string;
  readonly context?: TransformContext;
  readonly expected: {
    readonly outputKind?: 'json' | 'string';
    readonly outputJson?: unknown;
    readonly output?: string;
    readonly delivered?: false;
    readonly error?: { readonly code: string; readonly message: string };
  };
}

const TARGET_ID = '<target-id>';
/** The recorded cases' volatile values are placeholders; the same placeholders stand in for the context. */
const DEFAULT_CONTEXT: TransformContext = {
  ruleName: '<rule-name>',
  ruleArn: 'arn:<partition>:events:<region>:111111111111:rule/<bus-name>/<rule-name>',
  ingestionTime: 'date',
};

const cases = loadCorpus<TransformerCase[]>('transformers.json');
const tally = new Map<string, { passed: number; total: number }>();
const groupOf = (c: TransformerCase) => (c.expected.delivered === false ? 'not-delivered' : c.kind);
for (const c of cases) {
  const row = tally.get(groupOf(c)) ?? { passed: 0, total: 0 };
  row.total++;
  tally.set(groupOf(c), row);
}

function targetOf(c: TransformerCase): TargetInput {
  return {
    Id: TARGET_ID,
    ...(c.inputPath ? { InputPath: c.inputPath } : {}),
    ...(c.inputTemplate !== undefined
      ? {
          InputTransformer: {
            InputTemplate: c.inputTemplate,
            ...(c.inputPathsMap ? { InputPathsMap: c.inputPathsMap } : {}),
          },
        }
      : {}),
  };
}

/** AWS's snapshot wrote the ingestion time inside `<aws.events.event>` as `<ingestion-time>`. */
function withContext(expected: unknown, context: TransformContext): unknown {
  return JSON.parse(
    JSON.stringify(expected).replaceAll('"<ingestion-time>"', JSON.stringify(context.ingestionTime)),
  );
}

afterAll(() => {
  console.log(passTable('AWS input-transformer conformance (transformers.json)', tally));
});

describe('input transformers conform to AWS (transformers.json)', () => {
  it('loads all 35 recorded cases', () => {
    expect(cases).toHaveLength(35);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const target = targetOf(c);
    const context = c.context ?? DEFAULT_CONTEXT;
    if (c.expected.error) {
      let error: unknown;
      try {
        validateTargetInput(target);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe(c.expected.error.code);
      expect((error as ValidationError).message).toBe(c.expected.error.message);
    } else {
      const result = transformInput(target, c.event as object, context);
      if (c.expected.delivered === false) {
        expect(result.delivered).toBe(false);
      } else if (!result.delivered) {
        throw new Error(`expected a delivery, got: ${result.reason}`);
      } else if (c.expected.outputKind === 'json') {
        expect(JSON.parse(result.payload)).toEqual(withContext(c.expected.outputJson, context));
      } else {
        expect(result.payload).toBe(c.expected.output);
      }
    }
    const row = tally.get(groupOf(c));
    if (row) row.passed++;
  });
});
