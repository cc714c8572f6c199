---
to: <%- dir %>/contracts/jest.config.js
---
module.exports = { ...require('../../../jest.preset.js'), displayName: '<%- name %>-contracts' };
