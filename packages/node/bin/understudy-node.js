#!/usr/bin/env -S node --max-semi-space-size=4
// The node's V8 settings ride on the shebang: they apply whenever this file is executed (as the package's bin,
// or by scripts/bench, which runs it as its shebang says), with no wrapper process in between.
//   --max-semi-space-size=4: under a load whose new objects all survive (a bulk load) V8 grows the young
//   generation to 2 x 16 MB, and gives it back only when its memory reducer runs, often more than 30 s later.
//   Capped at 2 x 4 MB, the settled RSS after 1,000,000 SETs or ZADDs is ~40 MB lower (scripts/bench/memory.mjs),
//   for the same throughput (redis-benchmark: P=16 unchanged, P=1 within ~3% of server CPU per request).
import { main } from '../dist/main.js';

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`understudy-node: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
