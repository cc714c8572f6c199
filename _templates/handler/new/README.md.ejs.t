---
to: <%- dir %>/README.md
---
# <%- projectName %>

<%- description %>

| | |
|---|---|
| Consumes | `<%- contract.source %>` / `<%- contract.detailType %>` (`<%- contract.exportName %>` from `<%- contract.packageName %>`) |
| Side effects | the `<%- storeName %>` store: an S3 bucket on AWS, `.paved/outbox/<%- storeName %>/` locally |
<% if (publishes.length > 0) { -%>
| Publishes | <%- publishes.map((p) => '`' + p.source + '` / `' + p.detailType + '` (`' + p.exportName + '` from `' + p.packageName + '`)').join(', ') %> |
<% } -%>
<% if (delivery.kind === 'queue') { -%>
| Delivery | through an SQS queue, in batches (`delivery: { kind: 'queue' }`) |
<% } else if (delivery.kind === 'stream') { -%>
| Delivery | through a Kinesis stream, in batches, in order per `<%- delivery.partitionKey %>` (`delivery: { kind: 'stream' }`) |
<% } -%>
| Owned by | `<%- team %>` (service `<%- service %>`) |
| Nx project | `<%- projectName %>` (tags `kind:handler`, `service:<%- service %>`) |

## Layout

- `src/subscription.ts`: the one declaration. Which events reach the handler, what it keeps or sends, how it is
  retried: the platform deploys the function, its rule, both dead-letter queues, alarms and grants from it, and
  the local bus runs it.
<% if (delivery.batch) { -%>
- `src/handler.ts`: the Lambda entry point. `defineBatchHandler` takes each record of a batch as one event: validates
  it, logs and classifies failures, and reports the failed records for the <%- delivery.kind %> to deliver again;
<% } else { -%>
- `src/handler.ts`: the Lambda entry point. `defineHandler` validates the event, logs and classifies failures;
<% } -%>
  `storesOf(subscription)` reaches what the subscription declares.
- `src/<%- name %>.ts`: the business logic, plain functions of the event's detail.
<% if (publishes.length === 0) { -%>
- `tests/`: the logic, and the handler on the contract's examples, each delivered twice.
<% } else { -%>
- `tests/`: the logic, and the handler on the contract's examples, each delivered twice, with EventBridge mocked
  (`aws-sdk-client-mock`) to check what it publishes.
<% } -%>

## Commands

```sh
npx nx run-many -t lint,typecheck,test -p <%- projectName %>
npx nx run <%- projectName %>:build     # bundle the Lambda into dist/
npx nx run <%- service %>:synth          # the service's stack, with this handler in it
```

Delivery is at least once: the handler may see the same event twice. Key every side effect (a stored object, an
email's `idempotencyKey`) by the event id or what the event is about, so it happens once.
<% if (publishes.length > 0) { -%>

It publishes on every delivery, after keeping its record, so that a retry after a failed publish still publishes:
at least once per event. Consumers of what it publishes key their side effects by what the event is about, not by
its id.
<% } -%>
