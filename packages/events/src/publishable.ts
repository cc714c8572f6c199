import { type AnyEventContract } from './contract';

/**
 * Why a declaration may not publish these contracts, or `undefined` when it may: AWS contracts are produced by AWS
 * (EventBridge refuses `aws.` sources in PutEvents), and a contract listed twice is a slip. Shared by
 * `defineSubscription` and `defineApi`, which word the error around it.
 */
export function publishesProblem(
  publishes: readonly AnyEventContract[],
): { readonly value: unknown; readonly fix: string } | undefined {
  const aws = publishes.filter((contract) => contract.producer === 'aws').map((contract) => contract.name);
  if (aws.length > 0) {
    return {
      value: aws,
      fix:
        `${aws.join(', ')} ${aws.length === 1 ? 'is an AWS event' : 'are AWS events'}: AWS produces ${aws.length === 1 ? 'it' : 'them'} ` +
        'and nobody can publish one (EventBridge refuses "aws." sources in PutEvents). Remove it from publishes; ' +
        'to consume it, subscribe to it as a contract.',
    };
  }
  const names = publishes.map((contract) => contract.name);
  const twice = names.filter((name, index) => names.indexOf(name) !== index);
  if (twice.length > 0) {
    return { value: [...new Set(twice)], fix: 'list each contract once.' };
  }
  return undefined;
}
