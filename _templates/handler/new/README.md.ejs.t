---
to: <%- dir %>/README.md
---
# <%- projectName %>

<%- description %>

| | |
|---|---|
| Consumes | `<%- contract.source %>` / `<%- contract.detailType %>` (`<%- contract.exportName %>` from `<%- contract.packageName %>`) |
| Owned by | `<%- team %>` (service `<%- service %>`) |
| Nx project | `<%- projectName %>` (tags `kind:handler`, `service:<%- service %>`) |

## Layout
- `src/<%- name %>.ts`: the business logic, a plain function of the event's detail.
- `src/handler.ts`: the Lambda entry point (`defineHandler` validates the event, logs, classifies failures).
- `src/subscription.ts`: which events reach the handler (the rule pattern, from the contract) and how they are retried.
- `src/construct.ts`: the CDK construct its service's stack composes (function, rule, both dead-letter queues, alarms).
- `events/`: sample events in the EventBridge envelope. `valid*.json` must be handled, `invalid*.json` rejected.
- `tests/`: the handler on every sample, the logic, the rule pattern against the samples, the synthesized construct.

## Commands
```sh
npx nx run-many -t lint,typecheck,test -p <%- projectName %>
npx nx run <%- projectName %>:build     # bundle the Lambda into dist/
npx nx run <%- service %>:synth          # the service's stack, with this handler in it
```

Delivery is at least once: the handler may see the same event twice. Key every side effect by
`idempotencyKey` (derived from the event id) so it happens once.
