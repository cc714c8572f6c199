import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EventHandler, InvalidRuleError } from '../src';
import { AuditOrder } from './fixtures/handlers';
import { testApp } from './helpers';

// Stands in for the pattern engine packages/events is gaining, to prove the construct calls it when exported.
const validatePattern = jest.fn((pattern: unknown) => {
  if (JSON.stringify(pattern).includes('"bad"')) throw new Error('"detail.status" must be an array.');
});
jest.mock('@paved/events', () => ({
  ...jest.requireActual('@paved/events'),
  validatePattern: (p: unknown) => validatePattern(p),
}));

function handlerWith(pattern: Record<string, unknown>): () => EventHandler {
  const stack = new Stack(testApp(), 'Audit');
  const eventBus = events.EventBus.fromEventBusName(stack, 'Bus', 'paved');
  const subscription = { ...AuditOrder.subscription, pattern };
  return () =>
    new EventHandler(stack, 'Audit', {
      eventBus,
      subscription,
      code: lambda.Code.fromInline('exports.audit = async () => {}'),
    });
}

describe('rule pattern validation', () => {
  beforeEach(() => validatePattern.mockClear());

  it("runs the events package's pattern engine on the subscription's pattern before synth", () => {
    const pattern = { ...AuditOrder.subscription.pattern, detail: { status: ['PAID'] } };
    handlerWith(pattern)();
    expect(validatePattern).toHaveBeenCalledWith(pattern);
  });

  it("turns the engine's rejection into an InvalidRuleError naming the handler, keeping the cause", () => {
    const attempt = handlerWith({ ...AuditOrder.subscription.pattern, detail: { status: 'bad' } });
    try {
      attempt();
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRuleError);
      expect((error as Error).message).toBe(
        'Invalid event pattern for handler audit-audit-order: "detail.status" must be an array. Fix the subscription\'s pattern.',
      );
      expect((error as Error).cause).toEqual(new Error('"detail.status" must be an array.'));
    }
  });
});
