---
to: <%- dir %>/contracts/package.json
---
{
  "name": "@paved/<%- name %>-contracts",
  "version": "0.0.0",
  "private": true,
  "description": "The events the <%- name %> service owns: one contract each, shared by producer and consumers.",
  "main": "./src/index.ts",
  "types": "./src/index.ts",
  "exports": {
    ".": "./src/index.ts",
    "./package.json": "./package.json"
  },
  "scripts": {
    "test": "jest",
    "lint": "eslint .",
    "typecheck": "paved-typecheck -p tsconfig.json",
    "schemas": "paved-compat schemas",
    "compat": "paved-compat check"
  },
  "dependencies": {
    "@paved/events": "*",
    "zod": "4.6.7"
  },
  "devDependencies": {
    "@paved/testing": "*"
  },
  "nx": {
    "name": "<%- name %>-contracts",
    "tags": ["kind:contracts", "service:<%- name %>"]
  }
}
