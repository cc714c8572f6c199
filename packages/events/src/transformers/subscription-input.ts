import { InvalidSubscriptionError, ValidationError } from '../errors';
import { type Subscription, type SubscriptionInput } from '../subscription';
import { type TargetInput, validateTargetInput } from './target-input';

/** The id CDK gives a rule's first target, and the local bus its only one: the target AWS's messages name. */
const TARGET_ID = 'Target0';

/**
 * A subscription's input as the rule target's fields, in EventBridge's names (what `PutTargets`,
 * {@link validateTargetInput} and `transformInput` take).
 *
 * @example
 * targetInputOf({ inputPath: '$.detail' }); // { InputPath: '$.detail' }
 * targetInputOf({ inputPathsMap: { id: '$.id' }, inputTemplate: '<id>' });
 * // { InputTransformer: { InputPathsMap: { id: '$.id' }, InputTemplate: '<id>' } }
 */
export function targetInputOf(input: SubscriptionInput): TargetInput {
  const transformer = input.inputTemplate !== undefined || input.inputPathsMap !== undefined;
  return {
    ...(input.input !== undefined ? { Input: input.input } : {}),
    ...(input.inputPath !== undefined ? { InputPath: input.inputPath } : {}),
    ...(transformer
      ? {
          InputTransformer: {
            ...(input.inputPathsMap !== undefined ? { InputPathsMap: input.inputPathsMap } : {}),
            InputTemplate: input.inputTemplate as string,
          },
        }
      : {}),
  };
}

/**
 * Checks a subscription's input as `PutTargets` checks a rule target (one option at most, JSON `Input`,
 * JSONPaths, variable names, template length, every placeholder defined). Called where a rule is made of the
 * subscription: the platform at synth, the local bus at start. Throws {@link InvalidSubscriptionError} whose
 * message is AWS's, then how to fix it; `cause` is the {@link ValidationError}.
 *
 * @example
 * validateSubscriptionInput(defineSubscription({ ...props, input: { inputTemplate: '{"id": <id>}' } }));
 * // InvalidSubscriptionError: Invalid input {"inputTemplate":"{\"id\": <id>}"} for handler orders/audit:
 * // InputTemplate for target Target0 contains invalid placeholder id. Define id in InputPathsMap …
 */
export function validateSubscriptionInput(subscription: Subscription): void {
  const { input } = subscription;
  if (input === undefined) return;
  try {
    validateTargetInput({ Id: TARGET_ID, ...targetInputOf(input) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new InvalidSubscriptionError(
      `Invalid input ${JSON.stringify(input)} for handler ${subscription.service}/${subscription.name}: ` +
        `${error.message}${error.message.endsWith('.') ? '' : '.'} ${error.hint}`,
      { cause: error },
    );
  }
}
