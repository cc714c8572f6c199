---
to: <%- dir %>/contracts/src/index.ts
---
// The events the <%- name %> service owns. `hygen handler new --source ... --detail-type ...` adds new ones here.
export {};
