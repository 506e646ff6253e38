#!/usr/bin/env node
// The sentinel's command line is redis-sentinel's: `understudy-sentinel [/path/to/sentinel.conf] [--directive value ...]`.
import { main } from '../dist/main.js';

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`understudy-sentinel: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
