module.exports = { ...require('../../jest.preset.js'), displayName: 'media', testTimeout: 60_000 };
