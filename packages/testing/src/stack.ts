// `@paved/testing/stack`: the helpers a service's stack test needs. Kept out of the index (`@paved/testing`) because
// `describeServiceStack` imports aws-cdk-lib and @paved/platform, which a handler's own tests never need: a handler's
// typecheck loads only what its tests import.
export { cdkContext } from './cdk-context';
export { describeServiceStack } from './service';
