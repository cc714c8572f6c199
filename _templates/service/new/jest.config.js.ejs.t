---
to: <%- dir %>/jest.config.js
---
module.exports = { ...require('../../jest.preset.js'), displayName: '<%- name %>', testTimeout: 60_000 };
