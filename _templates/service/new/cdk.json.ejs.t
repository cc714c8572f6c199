---
to: <%- dir %>/cdk.json
---
{
  "app": "node --import tsx src/app.ts",
  "output": "cdk.out",
  "context": {
    "mailFrom": "noreply@example.com"
  }
}
