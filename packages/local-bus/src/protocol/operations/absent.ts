import { notFound, paginate, RequestReader, RULE_NAME, type Operation, type StringRule } from '../request';

/*
 * Resources the local bus never has: connections, API destinations, global endpoints and partner event sources
 * shared with the account. Listing them answers an empty list and describing one answers ResourceNotFoundException,
 * which is the truth about this account, so tools that list everything an account has (inventories, IaC refreshes)
 * work unchanged. Requests are validated and paged as AWS does; any NextToken is refused, since none is ever issued.
 */

const CONNECTION_STATES = [
  'CREATING',
  'UPDATING',
  'DELETING',
  'AUTHORIZED',
  'DEAUTHORIZED',
  'AUTHORIZING',
  'DEAUTHORIZING',
  'ACTIVE',
  'FAILED_CONNECTIVITY',
];
const CONNECTION_ARN = {
  min: 1,
  max: 1600,
  pattern:
    '^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$',
};
const EVENT_SOURCE_NAME = { min: 1, max: 256, pattern: 'aws\\.partner(/[\\.\\-_A-Za-z0-9]+){2,}' };

/** A List operation over nothing: checks the filters it takes (read by `filters`), then answers `{ [key]: [] }`. */
const emptyList =
  (
    operation: string,
    key: string,
    filters: (request: RequestReader) => void,
    limitKey = 'Limit',
  ): Operation =>
  (_core, body) => {
    const request = new RequestReader(body);
    filters(request);
    const paging = request.paging(limitKey);
    request.check();
    const { items, next } = paginate([], operation, body, paging);
    return { [key]: items, ...next };
  };

/** A Describe operation of something that cannot exist here. */
const notFoundDescribe =
  (nameRule: StringRule, message: (name: string) => string): Operation =>
  (_core, body) => {
    const request = new RequestReader(body);
    const name = request.required('Name', nameRule);
    request.check();
    throw notFound(message(name));
  };

export const listConnections = emptyList('ListConnections', 'Connections', (request) => {
  request.string('NamePrefix', RULE_NAME);
  request.string('ConnectionState', { values: CONNECTION_STATES });
});

export const listApiDestinations = emptyList('ListApiDestinations', 'ApiDestinations', (request) => {
  request.string('NamePrefix', RULE_NAME);
  request.string('ConnectionArn', CONNECTION_ARN);
});

export const listEndpoints = emptyList(
  'ListEndpoints',
  'Endpoints',
  (request) => {
    request.string('NamePrefix', RULE_NAME);
    request.string('HomeRegion', { min: 9, max: 20, pattern: '^[\\-a-z0-9]+$' });
  },
  'MaxResults',
);

export const listEventSources = emptyList('ListEventSources', 'EventSources', (request) => {
  request.string('NamePrefix', { min: 1, max: 256, pattern: '[/\\.\\-_A-Za-z0-9]+' });
});

// AWS's texts, as recorded against AWS in LocalStack's snapshot tests.
export const describeConnection = notFoundDescribe(
  RULE_NAME,
  (name) => `Failed to describe the connection(s). Connection '${name}' does not exist.`,
);
export const describeApiDestination = notFoundDescribe(
  RULE_NAME,
  (name) => `Failed to describe the api-destination(s). An api-destination '${name}' does not exist.`,
);
// AWS publishes no text for these two; the error type is the model's.
export const describeEndpoint = notFoundDescribe(
  RULE_NAME,
  (name) => `Endpoint ${name} does not exist. The local bus has no global endpoints.`,
);
export const describeEventSource = notFoundDescribe(
  EVENT_SOURCE_NAME,
  (name) => `Event source ${name} does not exist. No partner event source is shared with the local bus.`,
);
