module.exports = { ...require('../../jest.preset.js'), displayName: 'identity', testTimeout: 60_000 };
