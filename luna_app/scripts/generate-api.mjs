#!/usr/bin/env node
/**
 * Regenerates src/api/schema.d.ts from the API's OpenAPI document (openapi-typescript).
 *
 *   npm run api:generate          write the file
 *   npm run api:check             exit 1 when the committed file differs from the API's routes
 *
 * The document is dumped by ../scripts/dump_openapi.py from luna_api's app factory, so no
 * server runs. The Python used is $OPENAPI_DUMP_PYTHON, else ../.venv/bin/python, else python3.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appDir, '..');
const target = resolve(appDir, 'src/api/schema.d.ts');
const venvPython = resolve(repoRoot, '.venv/bin/python');
const python = process.env.OPENAPI_DUMP_PYTHON || (existsSync(venvPython) ? venvPython : 'python3');

const HEADER =
  '/**\n * Generated from the LUNA API\'s OpenAPI document by `npm run api:generate`: do not edit.\n */\n\n';

const document = JSON.parse(
  execFileSync(python, [resolve(repoRoot, 'scripts/dump_openapi.py')], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: repoRoot },
  }),
);
const generated = HEADER + astToString(await openapiTS(document, { alphabetize: true }));

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== generated) {
    console.error('src/api/schema.d.ts is out of date with the API: run `npm run api:generate` in luna_app.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches the API.');
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
