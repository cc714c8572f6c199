#!/usr/bin/env node
// Bundles one handler for Lambda. A handler package's Nx `build` target runs it from the package folder:
//   paved-bundle src/handler.ts dist                                    (the bin this package declares)
//   node ../../../../packages/platform/bin/bundle-handler.js src/handler.ts dist   (the same, before `npm install` links it)
// Options: --export-name <name> (default handler), --external <module> (repeatable, e.g. '@aws-sdk/*'),
// --no-minify, --no-sourcemap. The workspace is not built, so the TypeScript source is loaded through tsx.
'use strict';
const { register } = require('tsx/cjs/api');
const { relative } = require('node:path');

register();
// Only the bundler: the CDK half of the package is not needed to build a handler.
const { bundleHandler } = require('../src/bundling.ts');
const { PavedPlatformError } = require('../src/errors.ts');

const USAGE =
  'Usage: paved-bundle <entry> <outdir> [--export-name <name>] [--external <module>]... [--no-minify] [--no-sourcemap]';

function parse(argv) {
  const positional = [];
  const options = { external: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('-')) throw new Error(`${arg} needs a value. ${USAGE}`);
      return next;
    };
    if (arg === '--export-name') options.exportName = value();
    else if (arg === '--external') options.external.push(value());
    else if (arg === '--no-minify') options.minify = false;
    else if (arg === '--no-sourcemap') options.sourcemap = false;
    else if (arg === '--help' || arg === '-h') return { help: true };
    else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}. ${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 2) {
    throw new Error(
      `Expected an entry and an output directory, received ${JSON.stringify(positional)}. ${USAGE}`,
    );
  }
  return { entry: positional[0], outdir: positional[1], ...options };
}

try {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
  } else {
    const started = performance.now();
    const bundle = bundleHandler(args);
    const ms = Math.round(performance.now() - started);
    const kb = (bundle.bytes / 1024).toFixed(1);
    console.log(
      `Bundled ${args.entry} → ${relative(process.cwd(), bundle.outfile)} (${kb} KB, ${bundle.inputCount} inputs, ${bundle.handler}) in ${ms} ms`,
    );
  }
} catch (error) {
  console.error(
    error instanceof PavedPlatformError ? `${error.code}: ${error.message}` : String(error.message ?? error),
  );
  process.exitCode = 1;
}
