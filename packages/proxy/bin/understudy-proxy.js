#!/usr/bin/env node
// The proxy's command line: `understudy-proxy --sentinels HOST:PORT,... --master-name NAME [options]` or
// `understudy-proxy --upstream HOST:PORT [options]` (--help lists them).
import { main } from '../dist/main.js';

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`understudy-proxy: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
