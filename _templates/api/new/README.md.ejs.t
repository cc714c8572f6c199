---
to: <%- dir %>/README.md
---
# <%- projectName %>

<%- description %>

| | |
|---|---|
| Route | `<%- route %>` on the <%- service %> HTTP API (stack output `ApiUrl`) |
| Request | `<%- pascalName %>RequestSchema`: the detail of `<%- contract.exportName %>` |
| Answers | `202 { eventId }`; `400 { message, issues: [{ path, message }] }`; `500 { message, requestId }` |
| Publishes | `<%- contract.source %>` / `<%- contract.detailType %>` (`<%- contract.exportName %>` from `<%- contract.packageName %>`): its only PutEvents grant |
| Owned by | `<%- team %>` (service `<%- service %>`) |
| Nx project | `<%- projectName %>` (tags `kind:api`, `service:<%- service %>`) |

## Layout

- `src/api.ts`: the one declaration (`defineApi`): route, request schema, what it publishes, examples. The platform
  deploys the route, its function and its grant from it, and the local bus serves it.
- `src/handler.ts`: the Lambda entry point. `defineApiHandler` parses and validates the body, answers 400 or 500
  itself, and lets the function publish only what the declaration lists.
- `src/<%- name %>.ts`: the logic, plain functions: the event's detail from a valid request. When the API fills a
  field in itself (an id, a time), omit it from the request schema (`z.omit(schema, { ... })`: schemas a function
  bundles are written with `zod/mini`, for smaller bundles and faster cold starts) and add it there.
- `tests/`: the logic, and the handler on the declaration's examples and on bad bodies, EventBridge mocked.

## Commands

```sh
npx nx run-many -t lint,typecheck,test -p <%- projectName %>
npx nx run <%- projectName %>:build     # bundle the Lambda into dist/
npx nx run <%- service %>:synth          # the service's stack, with this route in it
```

Nobody retries an HTTP request but its client: a client that retries after a timeout publishes again. Give the
request an idempotency key if that matters.
