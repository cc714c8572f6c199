// One lint setup for the whole workspace. Module boundaries are the architecture, enforced:
// a handler or an API may use the shared libraries and any service's contracts, never another handler or API;
// a service composes its own handlers and APIs only; nothing in packages/ reaches into services/.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const servicesDir = join(dirname(fileURLToPath(import.meta.url)), 'services');
const services = existsSync(servicesDir)
  ? readdirSync(servicesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
  : [];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/cdk.out/**',
      '**/.nx/**',
      '_templates/**',
      '**/coverage/**',
      '**/tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name="only"]', message: 'Do not commit focused tests.' },
        { selector: 'CallExpression[callee.property.name="skip"]', message: 'Do not commit skipped tests.' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'kind:lib', onlyDependOnLibsWithTags: ['kind:lib'] },
            { sourceTag: 'kind:contracts', onlyDependOnLibsWithTags: ['kind:lib', 'kind:contracts'] },
            { sourceTag: 'kind:handler', onlyDependOnLibsWithTags: ['kind:lib', 'kind:contracts'] },
            // An API package (services/<service>/apis/<name>) is a handler of HTTP requests: the same rule.
            { sourceTag: 'kind:api', onlyDependOnLibsWithTags: ['kind:lib', 'kind:contracts'] },
            {
              sourceTag: 'kind:service',
              onlyDependOnLibsWithTags: ['kind:lib', 'kind:contracts', 'kind:handler', 'kind:api'],
            },
            { sourceTag: 'kind:tool', onlyDependOnLibsWithTags: ['*'] },
            // A service composes only its own handlers; every service is listed from the folder itself,
            // so `hygen service new` needs no edit here.
            ...services.map((service) => ({
              sourceTag: `service:${service}`,
              onlyDependOnLibsWithTags: [`service:${service}`, 'kind:lib', 'kind:contracts'],
            })),
          ],
        },
      ],
    },
  },
  {
    // What a Lambda bundle loads. zod classic is 95 KB of every bundle it is in and about 10 ms of each cold start;
    // zod/mini shares its core and gives the same issues and messages (packages/events, "Contracts").
    files: [
      'packages/{events,runtime,adapters}/src/**/*.ts',
      'services/*/contracts/src/**/*.ts',
      'services/*/{handlers,apis}/*/src/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'zod',
              allowTypeImports: true,
              message:
                "Import zod/mini (import * as z from 'zod/mini'): this code is bundled into Lambda functions, and zod classic adds 95 KB to each.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
