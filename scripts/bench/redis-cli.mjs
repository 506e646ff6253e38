// Wrappers around redis-cli: `--pipe` mass insertion and one-off commands.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { cpuDelta, readCpuTicks } from './proc-cpu.mjs';
import { describeExit, spawnManaged, stopManaged, waitForOutput } from './process-control.mjs';
import { HOST } from './servers.mjs';

const execFileAsync = promisify(execFile);

/** Run `redis-cli -h 127.0.0.1 -p PORT ARGS…` and return its trimmed stdout. */
export async function redisCli(bin, port, args, timeoutMs = 30_000) {
  const { stdout } = await execFileAsync(bin, ['-h', HOST, '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return stdout.trim();
}

/** DBSIZE through redis-cli, as a number. */
export async function dbsizeViaCli(bin, port) {
  const out = await redisCli(bin, port, ['DBSIZE']);
  const m = /(-?\d+)/.exec(out);
  if (!m) throw new Error(`unexpected DBSIZE output from redis-cli: ${JSON.stringify(out)}`);
  return Number(m[1]);
}

/**
 * Feed `chunks` to `redis-cli --pipe` against `server`, timing it and sampling
 * the server's CPU time around it.
 * @param {{ bin: string, server: import('./servers.mjs').ServerHandle, chunks: Buffer[],
 *   pipeTimeoutS: number, timeoutMs: number }} o
 */
export async function pipeLoad({ bin, server, chunks, pipeTimeoutS, timeoutMs }) {
  const args = ['-h', HOST, '-p', String(server.port), '--pipe', '--pipe-timeout', String(pipeTimeoutS)];
  const before = readCpuTicks(server.pid);
  const t0 = process.hrtime.bigint();
  const m = spawnManaged('redis-cli --pipe', bin, args, { keepOutput: true, keepStdin: true });
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const feed = (async () => {
    for (const chunk of chunks) {
      if (m.exited) return;
      if (!m.child.stdin.write(chunk)) {
        await Promise.race([once(m.child.stdin, 'drain').catch(() => {}), m.exitPromise]);
      }
    }
    m.child.stdin.end();
  })();
  const outcome = await Promise.race([Promise.all([feed, m.exitPromise]), timedOut]);
  clearTimeout(timer);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const after = readCpuTicks(server.pid);
  if (outcome === 'timeout') {
    await stopManaged(m, 1000);
    throw new Error(`redis-cli --pipe did not finish within ${timeoutMs / 1000} s.\n  ${describeExit(m)}`);
  }
  await waitForOutput(m);
  const text = `${m.stdout}\n${m.stderr}`;
  const counts = /errors:\s*(\d+),\s*replies:\s*(\d+)/.exec(text);
  if (m.exited?.error || !counts) {
    throw new Error(`redis-cli --pipe failed against ${server.name}:\n  ${describeExit(m)}`);
  }
  return {
    args,
    wallMs,
    cpu: cpuDelta(before, after),
    errors: Number(counts[1]),
    replies: Number(counts[2]),
    exitCode: m.exited?.code ?? null,
    output: m.stdout.trim(),
  };
}
