import { testEventPattern } from '@paved/events';
import {
  describeApiDestination,
  describeConnection,
  describeEndpoint,
  describeEventSource,
  listApiDestinations,
  listConnections,
  listEndpoints,
  listEventSources,
} from './operations/absent';
import { describeArchive, listArchives } from './operations/archives';
import { describeEventBus, listEventBuses, listTagsForResource } from './operations/buses';
import { describeReplay, listReplays, startReplay } from './operations/replays';
import { describeRule, listRuleNamesByTarget, listRules, listTargetsByRule } from './operations/rules';
import { putEvents } from './put-events';
import { RequestReader, type Operation } from './request';

/**
 * Every operation the bus speaks, by the name after `AWSEvents.` in X-Amz-Target: PutEvents, TestEventPattern,
 * StartReplay, and every read of the classic API about buses, rules, targets, archives and replays. Reads of what
 * a local bus never has answer empty lists (`operations/absent.ts`). Anything else is UnknownOperationException:
 * rules come from subscriptions, so nothing is created or changed over the API.
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  PutEvents: putEvents,
  TestEventPattern: (_core, body) => {
    const request = new RequestReader(body);
    const pattern = request.required('EventPattern');
    const event = request.required('Event');
    request.check();
    return { Result: testEventPattern(pattern, event) };
  },

  DescribeEventBus: describeEventBus,
  ListEventBuses: listEventBuses,
  ListTagsForResource: listTagsForResource,

  ListRules: listRules,
  DescribeRule: describeRule,
  ListTargetsByRule: listTargetsByRule,
  ListRuleNamesByTarget: listRuleNamesByTarget,

  DescribeArchive: describeArchive,
  ListArchives: listArchives,
  StartReplay: startReplay,
  DescribeReplay: describeReplay,
  ListReplays: listReplays,

  ListConnections: listConnections,
  DescribeConnection: describeConnection,
  ListApiDestinations: listApiDestinations,
  DescribeApiDestination: describeApiDestination,
  ListEndpoints: listEndpoints,
  DescribeEndpoint: describeEndpoint,
  ListEventSources: listEventSources,
  DescribeEventSource: describeEventSource,
};
