// The runtime's tests assert on the log lines themselves, so they keep Powertools' logging on.
module.exports = { ...require('../../jest.preset.js'), displayName: 'runtime', setupFiles: [] };
