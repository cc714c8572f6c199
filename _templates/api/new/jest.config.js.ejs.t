---
to: <%- dir %>/jest.config.js
---
module.exports = { ...require('<%- rootRelative %>/jest.preset.js'), displayName: '<%- projectName %>' };
