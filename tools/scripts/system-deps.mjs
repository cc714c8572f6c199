#!/usr/bin/env node
// Runs before `npm test`: the local bus's tests drive a real browser (Debian's chromium), a real AWS CLI
// (Debian's awscli) and boto3 (Debian's python3-boto3). On a fresh Debian machine where we are root, install
// what is missing; elsewhere, say what to install. Nothing else the project needs comes from outside npm.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { binary: '/usr/bin/chromium', pkg: 'chromium', why: 'the web console test (headless Chromium)' },
  { binary: '/usr/bin/aws', pkg: 'awscli', why: 'the AWS CLI compatibility test' },
  // A module, not a binary: the file Debian's package installs for the system Python (/usr/bin/python3).
  {
    binary: '/usr/lib/python3/dist-packages/boto3/__init__.py',
    pkg: 'python3-boto3',
    why: 'the boto3 compatibility test',
  },
];
const missing = needed.filter((dep) => !existsSync(dep.binary));
if (missing.length === 0) process.exit(0);

const names = missing.map((dep) => dep.pkg);
const canInstall =
  process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
if (!canInstall) {
  console.warn(
    `paved: missing ${missing.map((dep) => `${dep.binary} (${dep.why})`).join(', ')}.\n` +
      `Install them with: sudo apt-get install -y ${names.join(' ')}`,
  );
  process.exit(0);
}
console.log(`paved: installing ${names.join(', ')} with apt-get (needed by the local bus's tests)...`);
const apt = (...args) =>
  execFileSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
try {
  apt('install', '-y', '--no-install-recommends', ...names);
} catch {
  apt('update');
  apt('install', '-y', '--no-install-recommends', ...names);
}
