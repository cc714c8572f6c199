---
to: <%- dir %>/package.json
---
{
  "name": "<%- packageName %>",
  "version": "0.0.0",
  "private": true,
  "description": <%- JSON.stringify(description) %>,
  "main": "./src/api.ts",
  "types": "./src/api.ts",
  "exports": {
    ".": "./src/api.ts",
    "./package.json": "./package.json"
  },
  "scripts": {
    "build": "paved-bundle src/handler.ts dist",
    "test": "jest",
    "lint": "eslint .",
    "typecheck": "paved-typecheck -p tsconfig.json"
  },
  "dependencies": {
    "@paved/events": "*",
<% if (contract.packageName !== '@paved/events') { -%>
    "<%- contract.packageName %>": "*",
<% } -%>
    "@paved/runtime": "*",
    "zod": "<%- versions.zod %>"
  },
  "devDependencies": {
    "@aws-sdk/client-eventbridge": "<%- versions.eventBridgeClient %>",
    "@paved/platform": "*",
    "@paved/testing": "*",
    "aws-sdk-client-mock": "<%- versions.sdkClientMock %>"
  },
  "nx": {
    "name": "<%- projectName %>",
    "tags": ["kind:api", "service:<%- service %>"]
  }
}
