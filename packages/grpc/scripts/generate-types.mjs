#!/usr/bin/env node
// Generates the TypeScript types of every proto under protos/ into src/generated, with the loader options
// src/load.ts uses (both read them from src/loader-options.json, so types and runtime objects agree).
//
//   node packages/grpc/scripts/generate-types.mjs [--out DIR]
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const protosDir = resolve(packageDir, '..', '..', 'protos');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? join(packageDir, 'src', 'generated'));
const options = JSON.parse(readFileSync(join(packageDir, 'src', 'loader-options.json'), 'utf8'));

function filesUnder(dir, suffix) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

/**
 * The generator writes extensionless relative imports (NodeNext ESM needs ".js") and the proto's absolute
 * path (which would make the output differ between checkouts): fix both.
 */
function normalise(file) {
  const text = readFileSync(file, 'utf8')
    .replace(/(from '\.{1,2}\/[^']*?)(?<!\.js)';/g, "$1.js';")
    .replace(/^\/\/ Original file: .*\/protos\//m, '// Original file: protos/');
  writeFileSync(file, text);
}

rmSync(outDir, { recursive: true, force: true });
execFileSync(
  join(packageDir, 'node_modules', '.bin', 'proto-loader-gen-types'),
  [
    `--longs=${options.longs}`,
    `--enums=${options.enums}`,
    ...(options.defaults ? ['--defaults'] : []),
    ...(options.oneofs ? ['--oneofs'] : []),
    ...(options.keepCase ? ['--keepCase'] : []),
    '--grpcLib=@grpc/grpc-js',
    '--includeDirs', protosDir,
    '--outDir', outDir,
    ...filesUnder(protosDir, '.proto').map((path) => relative(protosDir, path)),
  ],
  { stdio: 'inherit' },
);
for (const file of filesUnder(outDir, '.ts')) normalise(file);
