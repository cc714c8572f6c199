---
to: <%- dir %>/tsconfig.json
---
{
  "extends": "<%- rootRelative %>/tsconfig.base.json",
  "include": ["src/**/*.ts", "tests/**/*.ts", "*.ts"]
}
