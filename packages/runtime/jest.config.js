// The runtime's tests assert on the log lines themselves, so they keep Powertools' logging on. Each test gets a
// fresh folder of idempotency records (tests/support/idempotency-env.ts).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'runtime',
  setupFiles: [],
  setupFilesAfterEnv: ['<rootDir>/tests/support/idempotency-env.ts'],
};
