---
to: <%- dir %>/README.md
---
# <%- name %>

<%- description %> Owned by `<%- team %>`.

- `contracts/`: the events this service owns (`@paved/<%- name %>-contracts`); any handler may consume them. Write
  their schemas with `zod/mini` (`z.string().check(z.minLength(1))`, `z.optional(...)`), as `hygen handler new` does:
  every consumer's function bundles them, and zod's small build keeps its bundle and cold start small, with the same
  checks and messages as zod classic. Each contract's JSON Schema is committed in `contracts/schemas/`
  (`npx nx run <%- name %>-contracts:schemas` writes it); `npx nx run <%- name %>-contracts:compat` fails a change
  that would break a consumer.
- `handlers/<name>/`: one package per handler, made by `npx hygen handler new --service <%- name %> ...`.
- `src/subscriptions.ts`: the handlers this service deploys, by their subscriptions; `src/stack.ts`: its CDK stack.

```sh
npx nx run <%- name %>:synth    # offline: the CloudFormation template in cdk.out/
npx nx run <%- name %>:diff     # against the account in your AWS environment
npx nx run <%- name %>:deploy
```
