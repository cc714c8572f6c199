#!/usr/bin/env node
// The `paved` command: registers tsx so the CLI (and the services' handlers.ts it loads) run from TypeScript
// source, as every workspace package is consumed unbuilt.
'use strict';
require('tsx/cjs/api').register();
const { runCli } = require('../src/cli/main.ts');
const { processIo } = require('../src/cli/io.ts');

runCli(process.argv.slice(2), processIo()).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`paved: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
