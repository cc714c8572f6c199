---
to: <%- dir %>/package.json
---
{
  "name": "@paved/<%- name %>-service",
  "version": "0.0.0",
  "private": true,
  "description": <%- JSON.stringify(description) %>,
  "main": "./src/index.ts",
  "types": "./src/index.ts",
  "exports": {
    ".": "./src/index.ts",
    "./subscriptions": "./src/subscriptions.ts",
    "./package.json": "./package.json"
  },
  "scripts": {
    "synth": "cdk synth --quiet",
    "diff": "cdk diff",
    "deploy": "cdk deploy --require-approval never",
    "test": "jest",
    "lint": "eslint .",
    "typecheck": "paved-typecheck -p tsconfig.json"
  },
  "dependencies": {
    "@paved/events": "*",
    "@paved/platform": "*"
  },
  "devDependencies": {
    "@paved/testing": "*"
  },
  "paved": {
    "team": "<%- team %>"
  },
  "nx": {
    "name": "<%- name %>",
    "tags": ["kind:service", "service:<%- name %>"]
  }
}
