import { join } from 'node:path';
import * as z from 'zod';
import {
  defineEvent,
  defineSubscription,
  InvalidSubscriptionError,
  type SubscriptionInput,
  targetInputOf,
  transformInput,
  validateSubscriptionInput,
  ValidationError,
} from '../../src';

const OrderPlaced = defineEvent({
  source: 'myapp.orders',
  detailType: 'OrderPlaced',
  detail: z.object({ orderId: z.string(), total: z.number() }),
  description: 'An order was placed.',
  examples: [{ orderId: 'o-1', total: 12.5 }],
});

const base = {
  name: 'audit-orders',
  service: 'orders',
  contract: OrderPlaced,
  entry: join(__dirname, 'handler.ts'),
  description: 'Audits orders.',
};

const define = (input: SubscriptionInput) => defineSubscription({ ...base, input });

/** The error validateSubscriptionInput throws for `input`, or undefined. */
function refusal(input: SubscriptionInput): InvalidSubscriptionError | undefined {
  try {
    validateSubscriptionInput(define(input));
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSubscriptionError);
    return error as InvalidSubscriptionError;
  }
}

describe('a subscription input', () => {
  it('is undefined by default: the handler gets the whole event', () => {
    expect(defineSubscription(base).input).toBeUndefined();
  });

  it('is kept as declared, frozen', () => {
    const subscription = define({ inputPathsMap: { id: '$.detail.orderId' }, inputTemplate: '{"id": <id>}' });
    expect(subscription.input).toEqual({
      inputPathsMap: { id: '$.detail.orderId' },
      inputTemplate: '{"id": <id>}',
    });
    expect(Object.isFrozen(subscription.input)).toBe(true);
    expect(Object.isFrozen(subscription.input!.inputPathsMap)).toBe(true);
  });

  it.each([
    [{ inputPath: '$.detail' }, { InputPath: '$.detail' }],
    [{ input: '{"action": "refresh"}' }, { Input: '{"action": "refresh"}' }],
    [
      { inputPathsMap: { id: '$.detail.orderId' }, inputTemplate: '"order <id>"' },
      { InputTransformer: { InputPathsMap: { id: '$.detail.orderId' }, InputTemplate: '"order <id>"' } },
    ],
    [
      { inputTemplate: '<aws.events.rule-name>' },
      { InputTransformer: { InputTemplate: '<aws.events.rule-name>' } },
    ],
  ] as [SubscriptionInput, object][])('maps %j to the rule target fields %j', (input, target) => {
    expect(targetInputOf(input)).toEqual(target);
    expect(refusal(input)).toBeUndefined();
  });

  it('gives the payload transformInput computes from the same declaration', () => {
    const { input } = define({ inputPathsMap: { id: '$.detail.orderId' }, inputTemplate: '{"order": <id>}' });
    const event = {
      id: 'e1',
      'detail-type': 'OrderPlaced',
      source: 'myapp.orders',
      detail: { orderId: 'o-1' },
    };
    expect(
      transformInput(targetInputOf(input!), event, {
        ruleName: 'orders-audit-orders',
        ruleArn: 'arn:aws:events:eu-west-1:111111111111:rule/paved/orders-audit-orders',
        ingestionTime: '2025-01-01T00:00:00Z',
      }),
    ).toEqual({ delivered: true, payload: '{"order": "o-1"}' });
  });

  describe('refused at definition when it is not one of the three shapes', () => {
    it.each([
      [
        {},
        'Invalid input {} for handler orders/audit-orders: declare one of { inputPath }, { inputPathsMap, inputTemplate } or { input }.',
      ],
      [
        { inputpath: '$.detail' },
        'Invalid input {"inputpath":"$.detail"} for handler orders/audit-orders: unknown "inputpath"; declare one of { inputPath }, { inputPathsMap, inputTemplate } or { input }.',
      ],
      ['$.detail', 'Invalid input "$.detail" for handler orders/audit-orders: declare one of'],
    ])('refuses %j', (input, message) => {
      const attempt = () => define(input as unknown as SubscriptionInput);
      expect(attempt).toThrow(InvalidSubscriptionError);
      expect(attempt).toThrow(message);
    });
  });

  describe("refused by validateSubscriptionInput with PutTargets' checks and AWS's messages", () => {
    it.each([
      [
        'an undefined placeholder',
        { inputPathsMap: { id: '$.detail.orderId' }, inputTemplate: '{"id": <id>, "total": <total>}' },
        'InputTemplate for target Target0 contains invalid placeholder total. Define total in InputPathsMap (such as "total": "$.detail.total") or remove <total> from the template.',
      ],
      [
        'two options at once',
        { inputPath: '$.detail', input: '{}' } as unknown as SubscriptionInput,
        'Only one of Input, InputPath, or InputTransformer must be provided for target Target0. Keep exactly one of them.',
      ],
      [
        'constant input that is not JSON',
        { input: 'refresh' },
        'Input for target Target0 is not a valid JSON text. Input must be JSON',
      ],
      [
        'an input path that is not JSONPath',
        { inputPath: 'detail.orderId' },
        'InputPath for target Target0 is not a valid JSONPath: detail.orderId.',
      ],
      [
        'a paths map without a template',
        { inputPathsMap: { id: '$.id' } } as unknown as SubscriptionInput,
        "1 validation error detected: Value at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must have length between 1 and 8192. InputTemplate is required and holds 1 to 8192 characters.",
      ],
      [
        'a redefined aws.events variable',
        { inputPathsMap: { 'aws.events.rule-name': '$.id' }, inputTemplate: '"x"' },
        'InputPathsMap for target Target0 contains invalid key aws.events.rule-name.',
      ],
    ])('refuses %s', (_what, input, message) => {
      const error = refusal(input);
      expect(error?.code).toBe('INVALID_SUBSCRIPTION');
      expect(error?.message).toContain(
        `Invalid input ${JSON.stringify(input)} for handler orders/audit-orders: ${message}`,
      );
      expect(error?.cause).toBeInstanceOf(ValidationError);
      expect((error?.cause as ValidationError).code).toBe('ValidationException');
    });
  });
});
