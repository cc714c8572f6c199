import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineEvent } from '@paved/events';
import * as z from 'zod';
import {
  expectPatternNotToMatch,
  expectPatternToMatch,
  fakeContext,
  loadSampleEvents,
  PatternExpectationError,
  SampleEventError,
} from '../src';
import { cdkContext } from '../src/stack';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'OrderCreated',
  source: 'myapp.orders',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { status: 'PAID' },
};

function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'samples-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('loadSampleEvents', () => {
  const PriceChanged = defineEvent({
    source: 'myapp.prices',
    detailType: 'PriceChanged',
    detail: z.object({ sku: z.string().min(1), priceMinor: z.number().int(), note: z.string().optional() }),
    description: 'A price changed.',
    examples: [
      { sku: 'A', priceMinor: 100 },
      { sku: 'B', priceMinor: 5, note: 'sale' },
    ],
  });

  it("makes a contract's examples whole events, and derives the events it must reject with their issue paths", () => {
    const samples = loadSampleEvents(PriceChanged);
    expect(samples.valid.map((s) => s.file)).toEqual(['example-1', 'example-2']);
    for (const { event } of samples.valid) expect(PriceChanged.safeParse(event).success).toBe(true);
    expect(samples.get('example-2').event.detail.note).toBe('sale');
    expect(new Set(samples.valid.map((s) => s.event.id)).size).toBe(2);
    expect(samples.invalid.map(({ file, issuePath }) => [file, issuePath])).toEqual([
      ['invalid-missing-sku', 'detail.sku'],
      ['invalid-missing-priceMinor', 'detail.priceMinor'],
      ['invalid-wrong-type-sku', 'detail.sku'],
      ['invalid-wrong-type-priceMinor', 'detail.priceMinor'],
      ['invalid-detail-not-an-object', 'detail'],
    ]);
    for (const { event } of samples.invalid) expect(PriceChanged.safeParse(event).success).toBe(false);
    expect(() => samples.get('valid.json')).toThrow(
      'No sample event valid.json in the examples of myapp.prices/PriceChanged; there are: example-1, example-2, invalid-missing-sku',
    );
  });

  it('splits valid and invalid samples by file name', () => {
    const samples = loadSampleEvents(
      folder({ 'valid.json': event, 'invalid-detail.json': { ...event, detail: [] } }),
    );
    expect(samples.valid.map((s) => s.file)).toEqual(['valid.json']);
    expect(samples.invalid.map((s) => s.file)).toEqual(['invalid-detail.json']);
    expect(samples.get('valid.json').event.id).toBe('e-1');
    expect(() => samples.get('missing.json')).toThrow('No sample event missing.json');
  });

  it('refuses a sample that is not an EventBridge event, naming the field', () => {
    const dir = folder({ 'valid.json': { ...event, id: undefined } });
    expect(() => loadSampleEvents(dir)).toThrow(SampleEventError);
    expect(() => loadSampleEvents(dir)).toThrow(/is not an EventBridge event: id: /);
  });

  it('refuses a folder with a badly named file or no valid sample', () => {
    expect(() => loadSampleEvents(folder({ 'sample.json': event }))).toThrow(
      /must be named valid\*\.json or invalid\*\.json/,
    );
    expect(() => loadSampleEvents(folder({ 'valid.json': '{not json' }))).toThrow(/is not valid JSON/);
  });
});

describe('pattern expectations', () => {
  const pattern = { source: ['myapp.orders'], detail: { status: ['REFUNDED'] } };

  it('names each field that did not match, with what the pattern wanted and the event had', () => {
    expect(() => expectPatternToMatch(pattern, event)).toThrow(PatternExpectationError);
    expect(() => expectPatternToMatch(pattern, event)).toThrow(/detail\.status/);
    expect(() => expectPatternToMatch(pattern, event)).toThrow(/"PAID"/);
  });

  it('passes when the pattern matches, and the negative form fails then', () => {
    const paid = { source: ['myapp.orders'], detail: { status: ['PAID'] } };
    expect(() => expectPatternToMatch(paid, event)).not.toThrow();
    expect(() => expectPatternNotToMatch(paid, event)).toThrow(/matches an event it should ignore/);
    expect(() => expectPatternNotToMatch(pattern, event)).not.toThrow();
  });
});

describe('cdkContext and fakeContext', () => {
  it("reads the nearest cdk.json's context", () => {
    const root = mkdtempSync(join(tmpdir(), 'svc-'));
    writeFileSync(
      join(root, 'cdk.json'),
      JSON.stringify({ app: 'x', context: { mailFrom: 'a@example.com' } }),
    );
    mkdirSync(join(root, 'handlers', 'h'), { recursive: true });
    expect(cdkContext(join(root, 'handlers', 'h'))).toEqual({ mailFrom: 'a@example.com' });
  });

  it('gives a Lambda context with the function name in its ARN', () => {
    expect(fakeContext({ functionName: 'orders-x' }).invokedFunctionArn).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:orders-x',
    );
  });
});
