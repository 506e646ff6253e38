#!/usr/bin/env node
// `node scripts/test.mjs [vitest args]`: set up, type-check the tests, then run the whole suite (vitest) once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

setup();
// Tests are TypeScript too: vitest only strips their types, so check them before running.
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
const typecheck = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.test.json'], { cwd: ROOT, stdio: 'inherit' });
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);
const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exit(result.status ?? 1);
