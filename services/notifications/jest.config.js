module.exports = { ...require('../../jest.preset.js'), displayName: 'notifications', testTimeout: 60_000 };
