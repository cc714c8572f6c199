// One Jest setup for every project: TypeScript through SWC (fast, no type-check; `typecheck` does that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // Only the project's own tests: a service's folder also holds its handlers' packages, which test themselves.
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  // `import('./module.js')` names a TypeScript file as Node's ESM resolution wants (and esbuild and tsc accept): the
  // runtime's lazily loaded AWS clients are imported so (packages/runtime/src/sqs.ts).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: [require.resolve('./jest.setup.js')],
  // Each file's time, for the slowest-suites list `npm test` ends with (tools/scripts/timed.mjs).
  reporters: ['default', require.resolve('./tools/scripts/jest-timings-reporter.js')],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdk.out/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
