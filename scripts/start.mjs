#!/usr/bin/env node
// `node scripts/start.mjs [redis-server options]`: set up, then run one data node on 127.0.0.1:6379
// (any redis-server style option given here overrides the defaults, e.g. --port 7000).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, setup } from './setup.mjs';

setup();
const args = ['--port', '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...process.argv.slice(2)];
// Executed, not passed to `node`: the bin's shebang carries the node's V8 flags.
const child = spawn(join(ROOT, 'packages/node/bin/understudy-node.js'), args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
