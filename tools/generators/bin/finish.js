#!/usr/bin/env node
// The generators' last step, after Hygen has written the files: record the new package where npm and the
// service need it, link it into node_modules (npm install), write the contracts' schema files, and format what
// was written.
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [kind, dir, packageName, service] = process.argv.slice(2);
const root = process.cwd();
const run = (command, args) =>
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
// Each contract's committed JSON Schema (`nx run <service>-contracts:schemas`), so `compat` is green at once.
const writeSchemas = (contractsDir) =>
  run(process.execPath, [
    join(root, 'packages/events/bin/paved-compat.js'),
    'schemas',
    '--project',
    contractsDir,
  ]);
const prettier = join(root, 'node_modules', '.bin', 'prettier');

if (kind === 'event-version') {
  // A new version of an event is a new contract in an existing package: nothing to link.
  writeSchemas(dir);
  run(prettier, ['--write', '--log-level=warn', `${dir}/src`]);
  process.exit(0);
}

if (kind === 'handler') {
  // The service's stack imports the handler package, so the service depends on it (and Nx sees the edge).
  const servicePackage = join(root, 'services', service, 'package.json');
  const pkg = JSON.parse(readFileSync(servicePackage, 'utf8'));
  pkg.dependencies = Object.fromEntries(
    Object.entries({ ...pkg.dependencies, [packageName]: '*' }).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(servicePackage, `${JSON.stringify(pkg, null, 2)}\n`);

  // A new service's contracts index starts as an empty module; once it exports a contract it needs no filler.
  const contractsIndex = join(root, 'services', service, 'contracts', 'src', 'index.ts');
  const index = readFileSync(contractsIndex, 'utf8');
  if (/^export \{ \w+/m.test(index)) writeFileSync(contractsIndex, index.replace(/^export \{\};\n/m, ''));
}

// PAVED_SKIP_INSTALL=1 lets a script that generates many packages link them with one npm install at the end.
if (process.env.PAVED_SKIP_INSTALL !== '1') {
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
}
const written =
  kind === 'handler'
    ? [
        dir,
        `services/${service}/src`,
        `services/${service}/contracts/src`,
        `services/${service}/package.json`,
      ]
    : [dir];
run(prettier, ['--write', '--log-level=warn', ...written]);
// A handler may have declared a new contract in its service's package.
if (kind === 'handler') writeSchemas(`services/${service}/contracts`);
