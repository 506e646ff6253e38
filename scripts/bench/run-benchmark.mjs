// Run redis-benchmark once (one -t test) against a server, sampling the
// server's CPU time (/proc/<pid>/stat) immediately before and after.
import { execFileSync } from 'node:child_process';
import { parseBenchmarkCsv } from './csv.mjs';
import { cpuDelta, readCpuTicks } from './proc-cpu.mjs';
import { describeExit, spawnManaged, stopManaged, waitForOutput } from './process-control.mjs';
import { HOST } from './servers.mjs';

/** `redis-benchmark --version` output, or null. */
export function toolVersion(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** The redis-benchmark argv for one run. */
export function benchmarkArgs({ port, test, requests, clients, pipeline, keyspace }) {
  const args = [
    '-h', HOST,
    '-p', String(port),
    '-t', test,
    '-n', String(requests),
    '-c', String(clients),
    '-P', String(pipeline),
    '--csv',
    '-q',
  ];
  if (keyspace) args.push('-r', String(keyspace));
  return args;
}

/**
 * @param {{ bin: string, server: import('./servers.mjs').ServerHandle, test: string,
 *   requests: number, clients: number, pipeline: number, keyspace?: number | null,
 *   timeoutMs: number }} o
 * @returns {Promise<{ args: string[], rows: ReturnType<typeof parseBenchmarkCsv>, wallMs: number,
 *   cpu: ReturnType<typeof cpuDelta>, requestsTotal: number, cpuUsPerRequest: number | null, stderr: string }>}
 */
export async function runBenchmark({ bin, server, test, requests, clients, pipeline, keyspace = null, timeoutMs }) {
  const args = benchmarkArgs({ port: server.port, test, requests, clients, pipeline, keyspace });
  const before = readCpuTicks(server.pid);
  const t0 = process.hrtime.bigint();
  const m = spawnManaged(`redis-benchmark -t ${test}`, bin, args, { keepOutput: true });
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([m.exitPromise, timedOut]);
  clearTimeout(timer);
  const after = readCpuTicks(server.pid);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (outcome === 'timeout') {
    await stopManaged(m, 1000);
    throw new Error(
      `redis-benchmark -t ${test} against ${server.name} (port ${server.port}) did not finish within ` +
        `${timeoutMs / 1000} s (server hung or unreachable?). Raise --run-timeout if it is just slow.\n  ${describeExit(m)}`,
    );
  }
  await waitForOutput(m);
  if (m.exited?.error || m.exited?.code !== 0) {
    throw new Error(`redis-benchmark failed against ${server.name}:\n  ${describeExit(m)}`);
  }
  const rows = parseBenchmarkCsv(m.stdout);
  if (rows.length === 0) {
    throw new Error(
      `redis-benchmark printed no result for -t ${test} against ${server.name} ` +
        `(unknown test name?).\n  stdout: ${m.stdout.trim()}\n  stderr: ${m.stderr.trim()}`,
    );
  }
  if (server.managed?.exited) {
    throw new Error(`${server.name} died during the run.\n  ${describeExit(server.managed)}`);
  }
  const cpu = cpuDelta(before, after);
  // Some -t names produce several rows (e.g. ping -> PING_INLINE + PING_MBULK);
  // each row is -n requests, so the run served n x rows requests.
  const requestsTotal = requests * rows.length;
  const cpuUsPerRequest = cpu ? (cpu.totalMs * 1000) / requestsTotal : null;
  return { args, rows, wallMs, cpu, requestsTotal, cpuUsPerRequest, stderr: m.stderr.trim() };
}
