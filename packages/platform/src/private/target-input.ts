import * as events from 'aws-cdk-lib/aws-events';
import { type Subscription, validateSubscriptionInput } from '@paved/events';
import { InvalidRuleError } from '../errors';

/**
 * The declared fields, returned as they are. CDK's own `RuleTargetInput.fromObject` and `fromText` rewrite what
 * they are given (they name the paths map's variables themselves and re-serialize the template), so the deployed
 * target would no longer be the subscription's, byte for byte, nor what the local bus applies.
 */
class DeclaredTargetInput extends events.RuleTargetInput {
  constructor(private readonly properties: events.RuleTargetInputProperties) {
    super();
  }

  bind(): events.RuleTargetInputProperties {
    return this.properties;
  }
}

/**
 * The rule target's `Input`, `InputPath` or `InputTransformer`, exactly as the subscription declares it, after
 * `PutTargets`' checks (so a bad template fails at synth, naming the handler, not at deploy); `undefined` when the
 * subscription has no input and the function gets the whole event.
 */
export function ruleTargetInput(subscription: Subscription): events.RuleTargetInput | undefined {
  const { input } = subscription;
  if (input === undefined) return undefined;
  try {
    validateSubscriptionInput(subscription);
  } catch (error) {
    throw new InvalidRuleError(`${(error as Error).message} Fix the subscription's input.`, { cause: error });
  }
  return new DeclaredTargetInput({
    input: input.input,
    inputPath: input.inputPath,
    inputPathsMap: input.inputPathsMap === undefined ? undefined : { ...input.inputPathsMap },
    inputTemplate: input.inputTemplate,
  });
}
