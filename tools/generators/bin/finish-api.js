#!/usr/bin/env node
// `hygen api new`'s last step, after Hygen has written the package and registered it in the service's src/apis.ts:
// wire the service to it (dependency, exports, stack), link it into node_modules (npm install), and format.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');
require('tsx/cjs/api').register();
const { wireApi } = require('../src/api.ts');

const [dir, packageName, service] = process.argv.slice(2);
const root = process.cwd();

for (const step of wireApi(root, service, packageName)) {
  process.stderr.write(`\n! Not done, do it by hand: ${step}\n`);
}

const run = (command, args) =>
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
// PAVED_SKIP_INSTALL=1 lets a script that generates many packages link them with one npm install at the end.
if (process.env.PAVED_SKIP_INSTALL !== '1') {
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
}
run(join(root, 'node_modules', '.bin', 'prettier'), [
  '--write',
  '--log-level=warn',
  dir,
  `services/${service}/src`,
  `services/${service}/package.json`,
]);
