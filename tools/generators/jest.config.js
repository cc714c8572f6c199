// The generators' tests, in three groups that Nx runs as three tasks (package.json), so that the two slow ones run
// beside the rest of the workspace's tasks instead of after them:
//   generators-workspace  every generator scenario into one copy of this workspace, then lint, typecheck and test
//                         all they wrote (tests/generated-workspace.test.ts)
//   generators-clone      nx affected, the compat gate, adding a consumer and the refusals, in one copy of the
//                         workspace that each file takes in turn, reset to its first commit (tests/support)
//   generators            the rest: arguments, names, fields, publishes
// The `test` target runs `generators` and depends on `test-workspace` and `test-clone`, so `nx run generators:test`,
// `npm test` and `nx affected -t test` run all three, and Nx starts those two first, as it starts every dependency
// first. `npx jest <file>` in this folder runs any one file, whichever group it is in.
const { reporters, ...preset } = require('../../jest.preset.js');

/** Suites that each make a copy of the workspace and run real hygen, npm, Nx and Jest in it. */
const slow = {
  'generators-workspace': ['generated-workspace'],
  'generators-clone': ['affected', 'compat', 'add-consumer', 'refusals'],
};
const testTimeout = 600_000;

module.exports = {
  reporters,
  testTimeout,
  projects: [
    {
      ...preset,
      displayName: 'generators',
      testTimeout,
      testPathIgnorePatterns: [
        ...preset.testPathIgnorePatterns,
        ...Object.values(slow)
          .flat()
          .map((name) => `/tests/${name}\\.test\\.ts$`),
      ],
    },
    ...Object.entries(slow).map(([displayName, names]) => ({
      ...preset,
      displayName,
      testTimeout,
      testMatch: names.map((name) => `<rootDir>/tests/${name}.test.ts`),
      ...(names.length > 1 && {
        globalSetup: '<rootDir>/tests/support/shared-scratch-setup.ts',
        globalTeardown: '<rootDir>/tests/support/shared-scratch-teardown.ts',
      }),
    })),
  ],
};
