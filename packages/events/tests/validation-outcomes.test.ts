import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EventEnvelopeSchema,
  EventMetadataSchema,
  exampleEvent,
  S3ObjectCreated,
  splitMetadata,
} from '../src';

// What the schemas of this package answer, case by case: the envelope every event arrives in, the metadata a
// publisher adds, and S3's Object Created. Success and data, or each issue (code, path, message and zod's other
// fields); for S3ObjectCreated also the error message a handler gets from the contract. fixtures/validation-outcomes.json
// was recorded from the zod classic schemas before they moved to zod/mini (issue 18): the same file now proves that
// validation and every message are unchanged. No zod classic is loaded here, so the English messages are those
// @paved/events sets up. Record it again only when a schema changes on purpose:
// RECORD_VALIDATION_OUTCOMES=1 npx jest tests/validation-outcomes.test.ts
const FIXTURE = join(__dirname, 'fixtures', 'validation-outcomes.json');

/**
 * Values of another type, or out of range, for every field in turn: as @paved/testing's WRONG_VALUES, which this
 * package's tests cannot import (@paved/testing depends on @paved/events).
 */
const WRONG_VALUES: Readonly<Record<string, unknown>> = {
  null: null,
  zero: 0,
  negative: -1,
  fraction: 1.5,
  'empty string': '',
  text: 'text',
  boolean: true,
  array: [],
  object: {},
};

type Json = Record<string, unknown>;
type SafeParseResult = { success: boolean; data?: unknown; error?: { issues: unknown[] } };

/** Each field left out, then given each wrong value. */
function fieldCases(valid: Json): [string, unknown][] {
  return Object.keys(valid).flatMap((field) => [
    [`${field}: left out`, { ...valid, [field]: undefined }] as [string, unknown],
    ...Object.entries(WRONG_VALUES).map(([what, value]): [string, unknown] => [
      `${field}: ${what}`,
      { ...valid, [field]: value },
    ]),
  ]);
}

const NOT_OBJECTS: [string, unknown][] = [
  ['not an object: null', null],
  ['not an object: text', 'text'],
  ['not an object: array', []],
  ['empty object', {}],
];

/** Each value with what `answer` makes of it. */
function outcomesOf(answer: (value: unknown) => unknown, values: readonly [string, unknown][]) {
  return values.map(([name, value]) => ({ case: name, outcome: answer(value) }));
}

/** A zod result as recorded: the data, or every issue. */
function parsed(result: SafeParseResult): unknown {
  return result.success ? { data: result.data } : { issues: result.error!.issues };
}

const envelope = exampleEvent(S3ObjectCreated) as unknown as Json;
const metadata = {
  correlationId: 'c-1',
  causationId: 'e-1',
  invocationId: 'r-1',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const s3 = S3ObjectCreated.examples[0] as unknown as Json;
const object = s3['object'] as Json;

const cases = {
  EventEnvelopeSchema: outcomesOf(
    (value) => parsed(EventEnvelopeSchema.safeParse(value)),
    [
      ['S3 example event', envelope],
      ...NOT_OBJECTS,
      ...fieldCases(envelope),
      ['replay-name given', { ...envelope, 'replay-name': 'replay-1' }],
      ['replay-name a number', { ...envelope, 'replay-name': 1 }],
      ['resources holding a number', { ...envelope, resources: ['arn:aws:s3:::a', 2] }],
      ['an extra field (stripped)', { ...envelope, 'ingestion-time': '2026-01-01T00:00:00Z' }],
    ],
  ),
  EventMetadataSchema: outcomesOf(
    (value) => parsed(EventMetadataSchema.safeParse(value)),
    [
      ['every field', metadata],
      ['no field', {}],
      ['not an object: null', null],
      ['not an object: text', 'text'],
      ...fieldCases(metadata),
      ['an extra field (stripped)', { ...metadata, tenant: 't-1' }],
    ],
  ),
  splitMetadata: outcomesOf(splitMetadata, [
    ['no metadata', s3],
    ['valid metadata', { ...s3, _meta: metadata }],
    ['invalid metadata (dropped)', { ...s3, _meta: { correlationId: '' } }],
    ['metadata not an object (dropped)', { ...s3, _meta: 'c-1' }],
  ]),
  S3ObjectCreatedSchema: outcomesOf(
    (value) => parsed(S3ObjectCreated.detailSchema.safeParse(value)),
    [
      ...S3ObjectCreated.examples.map((example, index): [string, unknown] => [
        `example-${index + 1}`,
        example,
      ]),
      ...NOT_OBJECTS,
      ...fieldCases(s3),
      ...fieldCases(object).map(([name, value]): [string, unknown] => [
        `object.${name}`,
        { ...s3, object: value },
      ]),
      ['bucket name of 2 characters', { ...s3, bucket: { name: 'ab' } }],
      ['bucket name of 63 characters (valid)', { ...s3, bucket: { name: 'b'.repeat(63) } }],
      ['bucket name of 64 characters', { ...s3, bucket: { name: 'b'.repeat(64) } }],
      ['bucket without a name', { ...s3, bucket: {} }],
      [
        'bucket with tags AWS added (stripped)',
        { ...s3, bucket: { name: 'photos', 'aws-generated-tags': {} } },
      ],
      ['event-version 1.1 (valid)', { ...s3, 'event-version': '1.1' }],
      ['object size beyond safe integers', { ...s3, object: { ...object, size: 2 ** 60 } }],
      ['object size infinite', { ...s3, object: { ...object, size: Number.POSITIVE_INFINITY } }],
      ['a reason AWS may add (valid)', { ...s3, reason: 'RestoreObject' }],
    ],
  ),
  S3ObjectCreated: outcomesOf(
    (value) => {
      const result = S3ObjectCreated.safeParse(value);
      return result.success ? { data: result.data } : { message: result.error.message };
    },
    [
      ['example event', envelope],
      ['another source', { ...envelope, source: 'aws.s3.other' }],
      ['another detail-type', { ...envelope, 'detail-type': 'Object Deleted' }],
      ['no id', { ...envelope, id: '' }],
      ['detail of the wrong shape', { ...envelope, detail: { ...s3, bucket: 'photos' } }],
      ['source, detail-type and detail wrong', { ...envelope, source: 'a', 'detail-type': 'b', detail: [] }],
    ],
  ),
};

describe('validation outcomes', () => {
  if (process.env['RECORD_VALIDATION_OUTCOMES'] === '1') {
    writeFileSync(FIXTURE, `${JSON.stringify(cases, null, 2)}\n`);
    // Formatted as the workspace formats JSON, so that `prettier --check` passes on it.
    execFileSync('npx', ['prettier', '--write', '--log-level=warn', FIXTURE]);
  }
  const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, { case: string }[]>;

  it.each(Object.keys(cases))('%s answers every recorded case, and only those', (name) => {
    expect(cases[name as keyof typeof cases].map((c) => c.case)).toEqual(recorded[name]!.map((c) => c.case));
  });

  it.each(
    Object.entries(cases).flatMap(([name, list]) =>
      list.map((outcome, index) => [name, outcome.case, outcome, recorded[name]![index]] as const),
    ),
  )('%s: %s gives the recorded outcome', (_name, _case, outcome, expected) => {
    expect(JSON.stringify(outcome, null, 2)).toBe(JSON.stringify(expected, null, 2));
  });
});
