---
to: <%- dir %>/package.json
---
{
  "name": "<%- packageName %>",
  "version": "0.0.0",
  "private": true,
  "description": <%- JSON.stringify(description) %>,
  "main": "./src/index.ts",
  "types": "./src/index.ts",
  "exports": {
    ".": "./src/index.ts",
    "./package.json": "./package.json"
  },
  "scripts": {
    "build": "paved-bundle src/handler.ts dist",
    "test": "jest",
    "lint": "eslint .",
    "typecheck": "tsc -p tsconfig.json"
  },
  "dependencies": {
<% if (contract.packageName !== '@paved/events') { -%>
    "<%- contract.packageName %>": "*",
<% } -%>
    "@paved/events": "*",
    "@paved/platform": "*",
    "@paved/runtime": "*"
  },
  "devDependencies": {
    "@paved/testing": "*"
  },
  "nx": {
    "name": "<%- projectName %>",
    "tags": ["kind:handler", "service:<%- service %>"]
  }
}
