import { type BusCore } from '../../core/bus-core';
import { targetDefinition } from '../../core/rule-definitions';
import { type Rule } from '../../core/rules';
import { BUS_NAME_OR_ARN, notFound, paginate, RequestReader, RULE_NAME, type Operation } from '../request';
import { busOf } from './buses';

function ruleOf(core: BusCore, bus: string, name: string): Rule {
  const rule = core.rules.rules.get(name);
  if (!rule || rule.bus !== bus) throw notFound(`Rule ${name} does not exist on EventBus ${bus}.`);
  return rule;
}

/** A rule as ListRules lists it (the model's `Rule`: DescribeRule adds `CreatedBy`). */
const ruleView = (rule: Rule) => ({
  Name: rule.name,
  Arn: rule.arn,
  EventPattern: JSON.stringify(rule.pattern),
  State: 'ENABLED',
  Description: rule.description,
  EventBusName: rule.bus,
});

/**
 * A rule's target as ListTargetsByRule answers it: the target PutTargets deploys for the subscription or the route
 * ({@link targetDefinition}, which the stack test holds against the CDK's), so whatever that gains (an `Input`,
 * `InputPath` or `InputTransformer`) is listed here too.
 */
const targetView = (core: BusCore, rule: Rule) => ({ ...targetDefinition(core.place, rule) });

export const listRules: Operation = (core, body) => {
  const request = new RequestReader(body);
  const prefix = request.string('NamePrefix', RULE_NAME);
  const busName = request.string('EventBusName', BUS_NAME_OR_ARN);
  const paging = request.paging();
  request.check();
  const rules = core.rules.onBus(busOf(core, busName)).filter((rule) => rule.name.startsWith(prefix ?? ''));
  const { items, next } = paginate(rules, 'ListRules', body, paging);
  return { Rules: items.map(ruleView), ...next };
};

export const describeRule: Operation = (core, body) => {
  const request = new RequestReader(body);
  const name = request.required('Name', RULE_NAME);
  const busName = request.string('EventBusName', BUS_NAME_OR_ARN);
  request.check();
  return { ...ruleView(ruleOf(core, busOf(core, busName), name)), CreatedBy: core.place.accountId };
};

export const listTargetsByRule: Operation = (core, body) => {
  const request = new RequestReader(body);
  const name = request.required('Rule', RULE_NAME);
  const busName = request.string('EventBusName', BUS_NAME_OR_ARN);
  const paging = request.paging();
  request.check();
  const rule = ruleOf(core, busOf(core, busName), name);
  const { items, next } = paginate([targetView(core, rule)], 'ListTargetsByRule', body, paging);
  return { Targets: items, ...next };
};

/** The rules on a bus with a target of the given ARN: for the local bus, the rule of a handler's function. */
export const listRuleNamesByTarget: Operation = (core, body) => {
  const request = new RequestReader(body);
  const targetArn = request.required('TargetArn', { min: 1, max: 1600 });
  const busName = request.string('EventBusName', BUS_NAME_OR_ARN);
  const paging = request.paging();
  request.check();
  const names = core.rules
    .onBus(busOf(core, busName))
    .filter((rule) => targetView(core, rule).Arn === targetArn)
    .map((rule) => rule.name);
  const { items, next } = paginate(names, 'ListRuleNamesByTarget', body, paging);
  return { RuleNames: items, ...next };
};
