#!/usr/bin/env node
// `paved-compat`: the `schemas` and `compat` targets of every contracts package (services/<service>/contracts).
//   paved-compat schemas     writes each contract's JSON Schema to schemas/<source>/<Event>/v<version>.json
//   paved-compat check       fails on a breaking change, an out-of-date schema file, or a consumer whose pattern
//                            matches none of the contract's examples
// The workspace is not built, so the TypeScript source (the package's and the contracts') is loaded through tsx.
'use strict';
require('tsx/cjs/api').register();
const { runCompatCommand } = require('../src/compat/command.ts');

process.exitCode = runCompatCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
