#!/usr/bin/env node
// Every project's `typecheck` target: `paved-typecheck -p tsconfig.json`. It runs TypeScript 7, the native compiler
// (the Go port, `typescript@7` on npm), which checks this workspace's projects with a third to a sixth of the CPU of
// TypeScript 5.9's `tsc` and reports the same errors (measured: tools/bench/README.md, "Typecheck").
//
// Why a wrapper rather than `tsc`: the workspace keeps TypeScript 5.9 as `typescript` because Nx's project graph
// and typescript-eslint load its JavaScript API, which TypeScript 7 does not provide; both packages install a `tsc`
// binary, and which one npm links into node_modules/.bin depends on install order. This package depends on
// TypeScript 7 alone (npm nests it here), and this script runs that one.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package exports only its API, not bin/tsc: find the package, then its binary's launcher.
const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  console.error(`paved-typecheck: could not run TypeScript 7 (${tsc}): ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
