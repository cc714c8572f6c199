import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { type IQueue } from 'aws-cdk-lib/aws-sqs';
import { type EventHandler, type HandlerClass } from '@paved/platform';
import { cdkContext } from './cdk-context';

/** A handler construct synthesized alone, in a stack with a bus of its own. */
export interface SynthesizedHandler<T extends EventHandler> {
  readonly template: Template;
  readonly construct: T;
  readonly stack: Stack;
}

/**
 * Synthesizes one handler construct onto a fresh bus, for template assertions, with its service's CDK context.
 *
 * @example
 * const { template, construct } = synthHandler(ReserveStock);
 * template.hasResourceProperties('AWS::Events::Rule', { EventPattern: ReserveStock.subscription.pattern });
 */
export function synthHandler<H extends HandlerClass>(Handler: H): SynthesizedHandler<InstanceType<H>> {
  const stack = new Stack(new App({ context: cdkContext() }), 'HandlerUnderTest', {
    env: { account: '123456789012', region: 'us-east-1' },
  });
  const eventBus = new EventBus(stack, 'Bus', { eventBusName: 'paved-test' });
  const construct = new Handler(stack, Handler.subscription.name, { eventBus }) as InstanceType<H>;
  return { template: Template.fromStack(stack), construct, stack };
}

/** The ARN of a queue as its stack's template writes it, for comparing with template properties. */
export function arnOf(queue: IQueue): unknown {
  return Stack.of(queue).resolve(queue.queueArn);
}
