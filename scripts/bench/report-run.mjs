// The shared ending of a benchmark script: record an error (or the signal that interrupted it), stop every
// server, write the raw figures as JSON when asked, and turn a crash into exit status 1.
import { writeFileSync } from 'node:fs';
import { stopAll, stoppingOnSignal } from './process-control.mjs';

/** Runs `body` (resolving to an exit code) and always stops the servers and writes the report. */
export async function runReported(report, jsonPath, log, body) {
  let exitCode = 0;
  try {
    exitCode = await body();
  } catch (err) {
    report.error = err instanceof Error ? err.message : String(err);
    if (stoppingOnSignal()) report.error = `interrupted by ${stoppingOnSignal()}`;
    else process.stderr.write(`\nerror: ${report.error}\n`);
    exitCode = 1;
  } finally {
    await stopAll();
    report.finishedAt = new Date().toISOString();
    if (jsonPath) {
      try {
        writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
        log(`raw figures written to ${jsonPath}`);
      } catch (err) {
        process.stderr.write(`error: cannot write ${jsonPath}: ${err.message}\n`);
        exitCode ||= 1;
      }
    }
  }
  return exitCode;
}

/** Starts a script's main(): its resolved value is the exit code; a crash stops the servers and exits 1. */
export function runMain(main) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    async (err) => {
      process.stderr.write(`\nerror: ${err?.stack ?? err}\n`);
      await stopAll();
      process.exitCode = 1;
    },
  );
}
