#!/usr/bin/env node
// The proxy's cost (issue 6): redis-benchmark through understudy-proxy vs straight to the server behind it,
// interleaved, for throughput (-c 50 at -P 1 and -P 16), the latency the proxy adds (-c 1, redis-benchmark
// pinned to one CPU) and the proxy's CPU time per request. See README.md.
//
//   node scripts/bench/proxy.mjs [--redis] [--rounds 3] [-n 200000] [--json proxy.json]
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError, intListOption, intOption, listOption, optionsOrExit } from './cli-utils.mjs';
import { parseBenchmarkCsv } from './csv.mjs';
import { clockTicksPerSecond, cpuDelta, readCpuTicks } from './proc-cpu.mjs';
import { describeExit, installCleanupHandlers, spawnManaged, stopManaged, waitForOutput } from './process-control.mjs';
import { runMain, runReported } from './report-run.mjs';
import { benchmarkArgs, toolVersion } from './run-benchmark.mjs';
import {
  HOST,
  REPO_ROOT,
  flushAll,
  formatArgv,
  serverInfo,
  shebangLaunch,
  startRedis,
  startUnderstudy,
  waitForPing,
  waitForReadyLine,
} from './servers.mjs';
import { splitWords } from './shell-words.mjs';
import { median, ratio } from './stats.mjs';
import { fmt, renderTable } from './table.mjs';
import { REDIS_TOOLS_HINT, requireExecutable, which } from './which.mjs';

export const PROXY_BIN = join(REPO_ROOT, 'packages', 'proxy', 'bin', 'understudy-proxy.js');

/**
 * `--pipe`: a plain byte relay in Node (no RESP, no state) in the proxy's place, run as `node -e`, with the
 * proxy's command line and Ready line. What it costs is the floor for any Node proxy on this machine.
 */
const PIPE_RELAY = `
const net = require('node:net');
const argv = process.argv.slice(1);
const up = argv[argv.indexOf('--upstream') + 1];
const at = up.lastIndexOf(':');
const server = net.createServer((client) => {
  const upstream = net.connect(Number(up.slice(at + 1)), up.slice(0, at));
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream).pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ msg: 'Ready to accept connections tcp on 127.0.0.1:' + server.address().port }));
});
process.on('SIGTERM', () => process.exit(0));
`;

/** The proxy's targets (issue 6), against the same server reached directly. */
export const PROXY_TARGETS = {
  /** proxied ops/s ÷ direct ops/s, many clients, no pipelining */
  minRatioP1: 0.8,
  /** the same with pipelining (-P > 1) */
  minRatioPipelined: 0.7,
  /** p99 latency the proxy adds with one client (-c 1), ms */
  maxAddedP99MsOneClient: 0.3,
};

const HELP = `Usage: node scripts/bench/proxy.mjs [options]

Measures what understudy-proxy costs: redis-benchmark through the proxy
(--upstream 127.0.0.1:<server port>) against the same server directly, the two
paths interleaved (A B, then B A in the next round), median over rounds.

Scenarios:
  -c N at each depth of --pipelines     throughput ratio proxied/direct
  -c 1 -P 1, redis-benchmark pinned     the p50/p99 latency the proxy adds

Load:
  --tests LIST             redis-benchmark -t names (default set,get)
  -n, --requests N         requests per run of the -c N scenarios (default 200000)
  -c, --clients N          connections of the throughput scenarios (default 50)
  --pipelines LIST         depths (-P) of the throughput scenarios (default 1,16)
  --latency-requests N     requests per run of the -c 1 scenario (default 50000)
  --no-latency             skip the -c 1 scenario
  --pin-cpu N              run redis-benchmark under "taskset -c N" in the -c 1
                           scenario (default 0; ignored with a note when taskset
                           is missing)
  --no-pin                 do not pin
  --rounds N               rounds (default 3)
  --warmup N               before round 1, N unrecorded requests per test,
                           scenario and path (default 20000; 0 = none)
  --run-timeout SECONDS    give up on one redis-benchmark run (default 600)

Servers:
  --redis                  put the proxy in front of a real redis-server (must
                           be on PATH) instead of the Understudy node
  --node-args "ARGS"       extra arguments for the node (after --port 0 --save ""
                           --appendonly no)
  --node-bin FILE          the node's entry script (default
                           packages/node/bin/understudy-node.js)
  --redis-args "ARGS"      extra arguments for redis-server (with --redis)
  --proxy-bin FILE         the proxy's entry script (default
                           packages/proxy/bin/understudy-proxy.js)
  --proxy-args "ARGS"      extra arguments for the proxy (after --port 0
                           --upstream 127.0.0.1:PORT)
  --pipe                   a plain Node byte relay in the proxy's place: the
                           floor any Node proxy pays on this machine
  --ready-timeout SECONDS  startup deadline per process (default 20)

Output:
  --json FILE              write config, environment, every run and the summary
  --fail-on-miss           exit with status 2 if a row misses a target
  --dry-run                print the plan (options, scenarios, commands) as JSON
                           and exit without starting anything
  -h, --help               this help

Targets: proxied/direct ops/s >= ${PROXY_TARGETS.minRatioP1} at -P 1 and >= ${PROXY_TARGETS.minRatioPipelined} at -P > 1;
p99 added by the proxy < ${PROXY_TARGETS.maxAddedP99MsOneClient} ms at -c 1.
`;

const log = (msg) => process.stderr.write(`[proxy-bench] ${msg}\n`);

export function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      tests: { type: 'string', default: 'set,get' },
      requests: { type: 'string', short: 'n', default: '200000' },
      clients: { type: 'string', short: 'c', default: '50' },
      pipelines: { type: 'string', default: '1,16' },
      'latency-requests': { type: 'string', default: '50000' },
      'no-latency': { type: 'boolean', default: false },
      'pin-cpu': { type: 'string', default: '0' },
      'no-pin': { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '20000' },
      'run-timeout': { type: 'string', default: '600' },
      redis: { type: 'boolean', default: false },
      'node-args': { type: 'string', default: '' },
      'node-bin': { type: 'string' },
      'redis-args': { type: 'string', default: '' },
      'proxy-bin': { type: 'string' },
      'proxy-args': { type: 'string', default: '' },
      pipe: { type: 'boolean', default: false },
      'ready-timeout': { type: 'string', default: '20' },
      json: { type: 'string' },
      'fail-on-miss': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const tests = listOption(values.tests);
  if (tests.length === 0) throw new UsageError('--tests must not be empty');
  const words = (name) => {
    try {
      return splitWords(values[name]);
    } catch (err) {
      throw new UsageError(`--${name}: ${err.message}`);
    }
  };
  const clients = intOption('clients', values.clients);
  const pipelines = intListOption('pipelines', values.pipelines);
  const requests = intOption('requests', values.requests);
  const latency = !values['no-latency'];
  const latencyRequests = intOption('latency-requests', values['latency-requests']);
  const pinCpu = values['no-pin'] ? null : intOption('pin-cpu', values['pin-cpu'], { min: 0 });
  const cpuCount = os.cpus().length;
  if (pinCpu !== null && pinCpu >= cpuCount) {
    throw new UsageError(`--pin-cpu must be a CPU number below ${cpuCount} (this machine's CPU count), got ${pinCpu}`);
  }
  const scenarios = pipelines.map((pipeline) => ({
    name: `c${clients} P${pipeline}`,
    clients,
    pipeline,
    requests,
    pinCpu: null,
    kind: 'throughput',
  }));
  if (latency) {
    scenarios.push({ name: 'c1 P1', clients: 1, pipeline: 1, requests: latencyRequests, pinCpu, kind: 'latency' });
  }
  return {
    help: values.help,
    dryRun: values['dry-run'],
    tests,
    scenarios,
    rounds: intOption('rounds', values.rounds),
    warmup: intOption('warmup', values.warmup, { min: 0 }),
    runTimeoutMs: intOption('run-timeout', values['run-timeout']) * 1000,
    readyTimeoutMs: intOption('ready-timeout', values['ready-timeout']) * 1000,
    backend: values.redis ? 'redis' : 'understudy',
    nodeArgs: words('node-args'),
    nodeBin: values['node-bin'] ? resolve(values['node-bin']) : undefined,
    redisArgs: words('redis-args'),
    proxyBin: values['proxy-bin'] ? resolve(values['proxy-bin']) : PROXY_BIN,
    proxyArgs: words('proxy-args'),
    pipe: values.pipe,
    jsonPath: values.json ? resolve(values.json) : null,
    failOnMiss: values['fail-on-miss'],
  };
}

/** The proxy's argv (after the node binary and its flags). */
function proxyArgv(opts, upstreamPort) {
  const args = ['--port', '0', '--upstream', `${HOST}:${upstreamPort}`, ...opts.proxyArgs];
  return opts.pipe ? ['-e', '<byte relay>', '--', ...args] : [opts.proxyBin, ...args];
}

/** Starts the proxy in front of `upstream`: ready once its Ready line is out and a PING through it answers. */
async function startProxy(opts, upstream) {
  if (!opts.pipe && !existsSync(opts.proxyBin)) throw new Error(`the proxy's entry script is missing: ${opts.proxyBin}`);
  const deadline = Date.now() + opts.readyTimeoutMs;
  const launch = opts.pipe ? { env: {}, nodeFlags: [] } : shebangLaunch(opts.proxyBin);
  const shown = [...launch.nodeFlags, ...proxyArgv(opts, upstream.port)];
  const args = shown.map((a) => (a === '<byte relay>' ? PIPE_RELAY : a));
  log(`starting ${opts.pipe ? 'the byte relay (--pipe)' : 'proxy'}: ${formatArgv([process.execPath, ...shown])}`);
  const m = spawnManaged('understudy-proxy', process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...launch.env } });
  try {
    const port = await waitForReadyLine(m, deadline);
    await waitForPing({
      port,
      deadline: Math.max(deadline, Date.now() + 2000),
      label: 'understudy-proxy',
      exitedCheck: () => (m.exited ? describeExit(m) : null),
    });
    return { name: 'proxy', port, pid: m.pid ?? null, owned: true, command: [process.execPath, ...shown], managed: m };
  } catch (err) {
    await stopManaged(m, 1000);
    if (/ERR_MODULE_NOT_FOUND[\s\S]*\/dist\//.test(err.message)) {
      err.message +=
        '\n  hint: build the proxy first: flock /tmp/understudy-build.lock npx tsc -b packages/resp packages/grpc packages/proxy';
    }
    throw err;
  }
}

/**
 * One redis-benchmark run against `target` (the proxy or the server), optionally under `taskset -c CPU`,
 * sampling the CPU time of every pid in `sample` right before the spawn and right after the exit.
 */
async function runOne({ bin, taskset, target, test, scenario, requests, sample, timeoutMs }) {
  const args = benchmarkArgs({ port: target.port, test, requests, clients: scenario.clients, pipeline: scenario.pipeline });
  const pinned = taskset !== null && scenario.pinCpu !== null;
  const argv = pinned ? [taskset, '-c', String(scenario.pinCpu), bin, ...args] : [bin, ...args];
  const before = Object.fromEntries(Object.entries(sample).map(([k, pid]) => [k, readCpuTicks(pid)]));
  const t0 = process.hrtime.bigint();
  const m = spawnManaged(`redis-benchmark -t ${test}`, argv[0], argv.slice(1), { keepOutput: true });
  let timer;
  const timedOut = new Promise((done) => {
    timer = setTimeout(() => done('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([m.exitPromise, timedOut]);
  clearTimeout(timer);
  const after = Object.fromEntries(Object.entries(sample).map(([k, pid]) => [k, readCpuTicks(pid)]));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (outcome === 'timeout') {
    await stopManaged(m, 1000);
    throw new Error(
      `redis-benchmark -t ${test} through ${target.name} (port ${target.port}) did not finish within ${timeoutMs / 1000} s ` +
        `(a process hung?). Raise --run-timeout if it is just slow.\n  ${describeExit(m)}`,
    );
  }
  await waitForOutput(m);
  if (m.exited?.error || m.exited?.code !== 0) throw new Error(`redis-benchmark failed through ${target.name}:\n  ${describeExit(m)}`);
  const rows = parseBenchmarkCsv(m.stdout);
  if (rows.length === 0) {
    throw new Error(`redis-benchmark printed no result for -t ${test} through ${target.name}.\n  stdout: ${m.stdout.trim()}\n  stderr: ${m.stderr.trim()}`);
  }
  const requestsTotal = requests * rows.length;
  const cpu = {};
  const cpuUsPerRequest = {};
  for (const k of Object.keys(sample)) {
    cpu[k] = cpuDelta(before[k], after[k]);
    cpuUsPerRequest[k] = cpu[k] ? (cpu[k].totalMs * 1000) / requestsTotal : null;
  }
  return { command: formatArgv(['redis-benchmark', ...args]), pinned, rows, wallMs, requestsTotal, cpu, cpuUsPerRequest, stderr: m.stderr.trim() };
}

/** Paired per-round differences proxied − direct, so a slow round shifts both sides alike. */
function medianDifference(pairs, key) {
  return median(pairs.filter((p) => p.direct && p.proxy).map((p) => p.proxy[key] - p.direct[key]));
}

/** One row per (scenario, redis-benchmark result line): medians over rounds, ratio, added latency, checks. */
export function summarizeProxyRuns(runs, scenarios) {
  const groups = new Map();
  for (const run of runs) {
    for (const row of run.rows) {
      const key = `${run.scenario}\u0000${row.test}`;
      let g = groups.get(key);
      if (!g) {
        g = { scenario: run.scenario, test: row.test, rounds: new Map() };
        groups.set(key, g);
      }
      const pair = g.rounds.get(run.round) ?? {};
      pair[run.path] = { ...row, proxyCpu: run.cpuUsPerRequest.proxy ?? null, serverCpu: run.cpuUsPerRequest.server ?? null };
      g.rounds.set(run.round, pair);
    }
  }
  const order = new Map(scenarios.map((s, i) => [s.name, i]));
  return [...groups.values()]
    .sort((a, b) => order.get(a.scenario) - order.get(b.scenario))
    .map((g) => {
      const scenario = scenarios.find((s) => s.name === g.scenario);
      const pairs = [...g.rounds.values()];
      const side = (path) => {
        const xs = pairs.map((p) => p[path]).filter(Boolean);
        if (xs.length === 0) return null;
        return {
          rounds: xs.length,
          rps: median(xs.map((x) => x.rps)),
          rpsMin: Math.min(...xs.map((x) => x.rps)),
          rpsMax: Math.max(...xs.map((x) => x.rps)),
          p50Ms: median(xs.map((x) => x.p50Ms)),
          p99Ms: median(xs.map((x) => x.p99Ms)),
          serverCpuUsPerRequest: median(xs.map((x) => x.serverCpu)),
          proxyCpuUsPerRequest: path === 'proxy' ? median(xs.map((x) => x.proxyCpu)) : null,
        };
      };
      const direct = side('direct');
      const proxy = side('proxy');
      const rpsRatio = ratio(proxy?.rps, direct?.rps);
      const addedP50Ms = medianDifference(pairs, 'p50Ms');
      const addedP99Ms = medianDifference(pairs, 'p99Ms');
      const checks = [];
      if (scenario.kind === 'throughput' && rpsRatio != null) {
        const target = scenario.pipeline === 1 ? PROXY_TARGETS.minRatioP1 : PROXY_TARGETS.minRatioPipelined;
        checks.push({ metric: 'ops', op: '>=', target, actual: rpsRatio, ok: rpsRatio >= target });
      }
      if (scenario.kind === 'latency' && addedP99Ms != null) {
        const target = PROXY_TARGETS.maxAddedP99MsOneClient;
        checks.push({ metric: 'p99', op: '<', target, actual: addedP99Ms, ok: addedP99Ms < target });
      }
      const status = checks.length === 0 ? '-' : checks.every((c) => c.ok) ? 'ok' : 'MISS';
      return { scenario: g.scenario, clients: scenario.clients, pipeline: scenario.pipeline, test: g.test, direct, proxy, rpsRatio, addedP50Ms, addedP99Ms, targets: { status, checks } };
    });
}

function renderSummary(summary, serverLabel) {
  const S = serverLabel === 'redis' ? 'redis' : 'node';
  const columns = [
    { title: 'scenario', align: 'left' },
    { title: 'test', align: 'left' },
    { title: 'direct ops/s' },
    { title: 'proxy ops/s' },
    { title: 'ratio' },
    { title: 'direct p50' },
    { title: 'proxy p50' },
    { title: '+p50' },
    { title: 'direct p99' },
    { title: 'proxy p99' },
    { title: '+p99' },
    { title: 'proxy cpu/req' },
    { title: `${S} cpu/req` },
    { title: `${S} cpu/req via proxy` },
    { title: 'status', align: 'left' },
  ];
  const ms = fmt.fixed(3);
  const us = fmt.fixed(2);
  const signed = (v) => (v == null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(3)}`);
  const rows = [];
  let last = null;
  for (const s of summary) {
    if (last !== null && s.scenario !== last) rows.push(null);
    last = s.scenario;
    const label = s.targets.status === 'MISS' ? `MISS(${s.targets.checks.filter((c) => !c.ok).map((c) => c.metric).join(',')})` : s.targets.status;
    rows.push([
      s.scenario,
      s.test,
      fmt.int(s.direct?.rps),
      fmt.int(s.proxy?.rps),
      fmt.fixed(2)(s.rpsRatio),
      ms(s.direct?.p50Ms),
      ms(s.proxy?.p50Ms),
      signed(s.addedP50Ms),
      ms(s.direct?.p99Ms),
      ms(s.proxy?.p99Ms),
      signed(s.addedP99Ms),
      us(s.proxy?.proxyCpuUsPerRequest),
      us(s.direct?.serverCpuUsPerRequest),
      us(s.proxy?.serverCpuUsPerRequest),
      label,
    ]);
  }
  return renderTable(columns, rows);
}

function plan(opts, taskset) {
  return {
    backend: opts.backend,
    proxy: opts.pipe ? 'byte relay (--pipe)' : 'understudy-proxy',
    tests: opts.tests,
    rounds: opts.rounds,
    warmup: opts.warmup,
    scenarios: opts.scenarios.map((s) => ({ ...s, pinned: s.pinCpu !== null && taskset !== null })),
    proxyCommand: formatArgv([process.execPath, ...proxyArgv(opts, '<server port>')]),
    nodeArgs: opts.nodeArgs,
    redisArgs: opts.redisArgs,
    taskset,
    targets: PROXY_TARGETS,
    jsonPath: opts.jsonPath,
    runTimeoutMs: opts.runTimeoutMs,
    readyTimeoutMs: opts.readyTimeoutMs,
    failOnMiss: opts.failOnMiss,
  };
}

async function main() {
  const { opts, exitCode } = optionsOrExit(parseCli, process.argv.slice(2), HELP);
  if (!opts) return exitCode;
  const taskset = opts.scenarios.some((s) => s.pinCpu !== null) ? which('taskset') : null;
  if (opts.dryRun) {
    process.stdout.write(`${JSON.stringify(plan(opts, taskset), null, 2)}\n`);
    return 0;
  }
  let benchBin;
  try {
    benchBin = requireExecutable('redis-benchmark', REDIS_TOOLS_HINT);
    if (opts.backend === 'redis') requireExecutable('redis-server', '--redis needs it: apt-get install -y redis-server.');
  } catch (err) {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  installCleanupHandlers((m) => process.stderr.write(`${m}\n`));

  const runs = [];
  const report = {
    tool: 'understudy scripts/bench/proxy.mjs',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    config: plan(opts, taskset),
    environment: {
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      cpuModel: os.cpus()[0]?.model ?? null,
      cpuCount: os.cpus().length,
      loadavgAtStart: os.loadavg(),
      clockTicksPerSecond: clockTicksPerSecond(),
      redisBenchmark: { path: benchBin, version: toolVersion(benchBin) },
    },
    servers: {},
    notes: [],
    runs,
    summary: null,
    error: null,
  };
  const note = (msg) => {
    report.notes.push(msg);
    log(`note: ${msg}`);
  };
  if (opts.scenarios.some((s) => s.pinCpu !== null) && taskset === null) {
    note('taskset is not on PATH: the -c 1 scenario runs redis-benchmark unpinned.');
  }

  return runReported(report, opts.jsonPath, log, async () => {
    const server =
      opts.backend === 'redis'
        ? await startRedis({ bin: which('redis-server'), extraArgs: opts.redisArgs, readyTimeoutMs: opts.readyTimeoutMs, log })
        : await startUnderstudy({ nodeArgs: opts.nodeArgs, nodeBin: opts.nodeBin, readyTimeoutMs: opts.readyTimeoutMs, log });
    const proxy = await startProxy(opts, server);
    for (const s of [server, proxy]) {
      const info = s === server ? await serverInfo(s) : {};
      report.servers[s.name === 'proxy' ? 'proxy' : 'server'] = {
        kind: s.name,
        port: s.port,
        pid: s.pid,
        command: s.command,
        ...(s === server ? { redisVersion: info.redis_version ?? null } : {}),
      };
      log(`${s.name}: ${HOST}:${s.port} pid ${s.pid ?? '?'}`);
    }
    const paths = {
      direct: { target: server, sample: { server: server.pid } },
      proxy: { target: proxy, sample: { server: server.pid, proxy: proxy.pid } },
    };
    const common = { bin: benchBin, taskset, timeoutMs: opts.runTimeoutMs };
    const checkAlive = () => {
      for (const s of [server, proxy]) {
        if (s.managed?.exited) throw new Error(`${s.name} died during the run.\n  ${describeExit(s.managed)}`);
      }
    };

    if (opts.warmup > 0) {
      log(`warm-up: ${opts.warmup} requests per test, scenario and path`);
      for (const scenario of opts.scenarios) {
        for (const test of opts.tests) {
          for (const path of ['direct', 'proxy']) {
            await runOne({ ...common, ...paths[path], test, scenario, requests: opts.warmup });
            checkAlive();
          }
        }
      }
    }

    const total = opts.rounds * opts.scenarios.length * opts.tests.length * 2;
    let done = 0;
    for (let round = 1; round <= opts.rounds; round++) {
      // A B in odd rounds, B A in even ones: a drift of the machine during a round hits both paths alike.
      const order = round % 2 === 1 ? ['direct', 'proxy'] : ['proxy', 'direct'];
      for (const scenario of opts.scenarios) {
        const err = await flushAll(server);
        if (err) note(`FLUSHALL failed: ${err}`);
        for (const test of opts.tests) {
          for (const path of order) {
            const r = await runOne({ ...common, ...paths[path], test, scenario, requests: scenario.requests });
            checkAlive();
            done++;
            if (r.stderr && !report.notes.some((n) => n.startsWith('redis-benchmark stderr'))) {
              note(`redis-benchmark stderr (${path}): ${r.stderr.split('\n')[0]}`);
            }
            runs.push({ round, scenario: scenario.name, clients: scenario.clients, pipeline: scenario.pipeline, test, path, ...r });
            for (const row of r.rows) {
              const proxyCpu = r.cpuUsPerRequest.proxy;
              log(
                `[${String(done).padStart(String(total).length)}/${total}] round ${round} ${scenario.name.padEnd(8)} ` +
                  `${row.test.padEnd(6)} ${path.padEnd(6)} ${fmt.int(row.rps).padStart(9)} ops/s  ` +
                  `p50 ${fmt.fixed(3)(row.p50Ms)} ms  p99 ${fmt.fixed(3)(row.p99Ms)} ms  ` +
                  `server ${fmt.fixed(2)(r.cpuUsPerRequest.server)} µs/req` +
                  (proxyCpu !== undefined ? `  proxy ${fmt.fixed(2)(proxyCpu)} µs/req` : '') +
                  (r.pinned ? `  (pinned to CPU ${scenario.pinCpu})` : ''),
              );
            }
          }
        }
      }
    }

    const ticks = runs.flatMap((r) => Object.values(r.cpu).map((c) => c?.ticks)).filter((t) => typeof t === 'number');
    if (ticks.length && Math.min(...ticks) < 100) {
      report.notes.push(
        `CPU per request is coarse: the shortest run used ${Math.min(...ticks)} clock tick(s) ` +
          `(1 tick = ${(1000 / clockTicksPerSecond()).toFixed(0)} ms); raise -n for ~1% resolution.`,
      );
    }
    const summary = summarizeProxyRuns(runs, opts.scenarios);
    report.summary = summary;
    const behind = opts.backend === 'redis' ? 'redis-server' : 'the Understudy node';
    process.stdout.write(`\n${opts.pipe ? 'a plain Node byte relay (--pipe)' : 'understudy-proxy'} in front of ${behind} vs ${behind} directly; median of ${opts.rounds} round(s)\n\n`);
    process.stdout.write(`${renderSummary(summary, opts.backend)}\n\n`);
    process.stdout.write(
      'ratio = proxy ops/s ÷ direct ops/s. p50/p99 in ms (redis-benchmark); +p50/+p99 = median over rounds of (proxied − direct).\n' +
        'cpu/req = CPU time (user+sys) per request in µs: of the proxy process, and of the server reached directly / through the proxy.\n' +
        `targets: ratio >= ${PROXY_TARGETS.minRatioP1} at P=1, >= ${PROXY_TARGETS.minRatioPipelined} at P>1; ` +
        `+p99 < ${PROXY_TARGETS.maxAddedP99MsOneClient} ms at -c 1.\n`,
    );
    const misses = summary.filter((s) => s.targets.status === 'MISS').length;
    process.stdout.write(misses ? `${misses} row(s) MISS a target.\n` : 'All rows meet the targets.\n');
    for (const n of report.notes) process.stdout.write(`note: ${n}\n`);
    return misses && opts.failOnMiss ? 2 : 0;
  });
}

// Run only as a script: importing it (for parseCli or summarizeProxyRuns) starts nothing.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runMain(main);
