---
to: <%- dir %>/package.json
---
{
  "name": "<%- packageName %>",
  "version": "0.0.0",
  "private": true,
  "description": <%- JSON.stringify(description) %>,
  "main": "./src/subscription.ts",
  "types": "./src/subscription.ts",
  "exports": {
    ".": "./src/subscription.ts",
    "./package.json": "./package.json"
  },
  "scripts": {
    "build": "paved-bundle src/handler.ts dist",
    "test": "jest",
    "lint": "eslint .",
    "typecheck": "tsc -p tsconfig.json"
  },
  "dependencies": {
    "@paved/adapters": "*",
    "@paved/events": "*",
<% if (contract.packageName !== '@paved/events') { -%>
    "<%- contract.packageName %>": "*",
<% } -%>
    "@paved/runtime": "*"
  },
  "devDependencies": {
    "@paved/platform": "*",
    "@paved/testing": "*"
  },
  "nx": {
    "name": "<%- projectName %>",
    "tags": ["kind:handler", "service:<%- service %>"]
  }
}
