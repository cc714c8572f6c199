module.exports = { ...require('../../jest.preset.js'), displayName: 'orders', testTimeout: 60_000 };
