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
    "typecheck": "paved-typecheck -p tsconfig.json"
  },
  "dependencies": <%- JSON.stringify(dependencies, null, 2).split('\n').join('\n  ') %>,
  "devDependencies": <%- JSON.stringify(devDependencies, null, 2).split('\n').join('\n  ') %>,
  "nx": {
    "name": "<%- projectName %>",
    "tags": ["kind:handler", "service:<%- service %>"]
  }
}
