---
to: <%- dir %>/contracts/tsconfig.json
---
{
  "extends": "../../../tsconfig.base.json",
  "include": ["src/**/*.ts", "tests/**/*.ts", "*.ts"]
}
