#!/usr/bin/env node
// Understudy vs redis-server throughput / latency / CPU comparison with
// redis-benchmark. See README.md in this folder.
//
//   node scripts/bench/redis-benchmark.mjs [options]
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, intListOption, intOption, listOption, optionsOrExit } from './cli-utils.mjs';
import { clockTicksPerSecond } from './proc-cpu.mjs';
import { installCleanupHandlers } from './process-control.mjs';
import { runMain, runReported } from './report-run.mjs';
import { runBenchmark, toolVersion } from './run-benchmark.mjs';
import { serverOptionDefs, serverOptionsHelp, startSelectedServers } from './server-options.mjs';
import { flushAll, formatArgv, serverInfo } from './servers.mjs';
import { summarize } from './summary.mjs';
import { fmt, renderTable } from './table.mjs';
import { statusLabel, TARGETS, TARGETS_LEGEND } from './targets.mjs';
import { REDIS_TOOLS_HINT, requireExecutable } from './which.mjs';

const HELP = `Usage: node scripts/bench/redis-benchmark.mjs [options]

Benchmarks the Understudy node against redis-server with redis-benchmark,
one test at a time, servers interleaved (A B A B …) for several rounds, and
prints the median over rounds of ops/s, p50/p99 latency and server CPU time
per request.

Load:
  --tests LIST             redis-benchmark -t names, comma-separated
                           (default set,get,incr,lpush,mset)
  -n, --requests N         requests per test run (default 200000)
  -c, --clients N          parallel connections (default 50)
  --pipelines LIST         pipeline depths (-P), comma-separated (default 1,16)
  --rounds N               rounds; figures are medians over rounds (default 3)
  --random-keys            pass -r KEYSPACE (random keys) to redis-benchmark
  --keyspace N             key space size for --random-keys (default 100000)
  --warmup N               before round 1, run every test once with N requests
                           per server, unrecorded (default 0 = no warm-up)
  --no-flush               do not FLUSHALL each server before each (round, P) block
  --run-timeout SECONDS    give up on a single redis-benchmark run (default 600)

Output:
  --json FILE              write config, environment, every run and the summary
  --fail-on-miss           exit with status 2 if any row misses a target
  -h, --help               this help

${serverOptionsHelp}
`;

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      tests: { type: 'string', default: 'set,get,incr,lpush,mset' },
      requests: { type: 'string', short: 'n', default: '200000' },
      clients: { type: 'string', short: 'c', default: '50' },
      pipelines: { type: 'string', default: '1,16' },
      rounds: { type: 'string', default: '3' },
      'random-keys': { type: 'boolean', default: false },
      keyspace: { type: 'string', default: '100000' },
      warmup: { type: 'string', default: '0' },
      'no-flush': { type: 'boolean', default: false },
      'run-timeout': { type: 'string', default: '600' },
      json: { type: 'string' },
      'fail-on-miss': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...serverOptionDefs,
    },
  });
  const tests = listOption(values.tests);
  if (tests.length === 0) throw new UsageError('--tests must not be empty');
  return {
    values,
    help: values.help,
    tests,
    requests: intOption('requests', values.requests),
    clients: intOption('clients', values.clients),
    pipelines: intListOption('pipelines', values.pipelines),
    rounds: intOption('rounds', values.rounds),
    keyspace: values['random-keys'] ? intOption('keyspace', values.keyspace) : null,
    warmup: intOption('warmup', values.warmup, { min: 0 }),
    flush: !values['no-flush'],
    runTimeoutMs: intOption('run-timeout', values['run-timeout']) * 1000,
    jsonPath: values.json ? resolve(values.json) : null,
    failOnMiss: values['fail-on-miss'],
  };
}

function renderSummary(summary) {
  const columns = [
    { title: 'test', align: 'left' },
    { title: 'P' },
    { title: 'U ops/s' },
    { title: 'R ops/s' },
    { title: 'U/R ops' },
    { title: 'U p50' },
    { title: 'R p50' },
    { title: 'U p99' },
    { title: 'R p99' },
    { title: 'U cpu/req' },
    { title: 'R cpu/req' },
    { title: 'U/R cpu' },
    { title: 'status', align: 'left' },
  ];
  const ms = fmt.fixed(3);
  const us = fmt.fixed(2);
  const x = fmt.fixed(2);
  const rows = [];
  let lastP = null;
  for (const s of summary) {
    if (lastP !== null && s.pipeline !== lastP) rows.push(null);
    lastP = s.pipeline;
    rows.push([
      s.test,
      String(s.pipeline),
      fmt.int(s.understudy?.rps),
      fmt.int(s.redis?.rps),
      x(s.rpsRatio),
      ms(s.understudy?.p50Ms),
      ms(s.redis?.p50Ms),
      ms(s.understudy?.p99Ms),
      ms(s.redis?.p99Ms),
      us(s.understudy?.cpuUsPerRequest),
      us(s.redis?.cpuUsPerRequest),
      x(s.cpuRatio),
      statusLabel(s.targets),
    ]);
  }
  return renderTable(columns, rows);
}

async function main() {
  const { opts, exitCode } = optionsOrExit(parseCli, process.argv.slice(2), HELP);
  if (!opts) return exitCode;
  let benchBin;
  try {
    benchBin = requireExecutable('redis-benchmark', REDIS_TOOLS_HINT);
  } catch (err) {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  installCleanupHandlers((m) => process.stderr.write(`${m}\n`));

  const startedAt = new Date().toISOString();
  const runs = [];
  const report = {
    tool: 'understudy scripts/bench/redis-benchmark.mjs',
    startedAt,
    finishedAt: null,
    config: {
      tests: opts.tests,
      requests: opts.requests,
      clients: opts.clients,
      pipelines: opts.pipelines,
      rounds: opts.rounds,
      keyspace: opts.keyspace,
      warmup: opts.warmup,
      flushBeforeEachBlock: opts.flush,
      targets: TARGETS,
    },
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

  return runReported(report, opts.jsonPath, log, async () => {
    let exitCode = 0;
    const { servers, notes } = await startSelectedServers(opts.values, log);
    report.notes.push(...notes);
    for (const n of notes) log(`note: ${n}`);
    for (const s of servers) {
      const info = await serverInfo(s);
      report.servers[s.name] = {
        port: s.port,
        pid: s.pid,
        owned: s.owned,
        command: s.command,
        info: { redis_version: info.redis_version ?? null, process_id: info.process_id ?? null },
      };
      log(`${s.name}: 127.0.0.1:${s.port} pid ${s.pid ?? '?'}${s.owned ? '' : ' (existing)'}`);
      if (s.pid && info.process_id && Number(info.process_id) !== s.pid) {
        const msg =
          `${s.name}: INFO process_id ${info.process_id} differs from the sampled pid ${s.pid} ` +
          '(wrapper process?): CPU per request only counts the sampled process.';
        report.notes.push(msg);
        log(`warning: ${msg}`);
      }
    }

    const warned = new Set();
    const warnOnce = (key, msg) => {
      if (warned.has(key)) return;
      warned.add(key);
      log(`warning: ${msg}`);
      report.notes.push(msg);
    };
    const common = {
      bin: benchBin,
      requests: opts.requests,
      clients: opts.clients,
      keyspace: opts.keyspace,
      timeoutMs: opts.runTimeoutMs,
    };

    if (opts.warmup > 0) {
      for (const s of servers) {
        log(`warm-up: ${s.name}, ${opts.warmup} requests per test and pipeline depth`);
        for (const pipeline of opts.pipelines) {
          for (const test of opts.tests) {
            await runBenchmark({ ...common, requests: opts.warmup, server: s, test, pipeline });
          }
        }
      }
    }

    const total = opts.rounds * opts.pipelines.length * opts.tests.length * servers.length;
    let done = 0;
    for (let round = 1; round <= opts.rounds; round++) {
      for (const pipeline of opts.pipelines) {
        if (opts.flush) {
          for (const s of servers) {
            const err = await flushAll(s);
            if (err) warnOnce(`flush:${s.name}`, `FLUSHALL failed on ${s.name}: ${err}`);
          }
        }
        for (const test of opts.tests) {
          for (const s of servers) {
            const r = await runBenchmark({ ...common, server: s, test, pipeline });
            done++;
            if (r.stderr) warnOnce(`stderr:${s.name}`, `redis-benchmark stderr (${s.name}): ${r.stderr.split('\n')[0]}`);
            runs.push({
              round,
              pipeline,
              test,
              server: s.name,
              command: formatArgv(['redis-benchmark', ...r.args]),
              wallMs: r.wallMs,
              cpu: r.cpu,
              requestsTotal: r.requestsTotal,
              cpuUsPerRequest: r.cpuUsPerRequest,
              rows: r.rows,
            });
            for (const row of r.rows) {
              log(
                `[${String(done).padStart(String(total).length)}/${total}] round ${round} P=${pipeline} ` +
                  `${row.test.padEnd(16)} ${s.name.padEnd(10)} ${fmt.int(row.rps).padStart(11)} ops/s  ` +
                  `p50 ${fmt.fixed(3)(row.p50Ms)} ms  p99 ${fmt.fixed(3)(row.p99Ms)} ms  ` +
                  `cpu ${fmt.fixed(2)(r.cpuUsPerRequest)} µs/req`,
              );
            }
          }
        }
      }
    }

    const ticks = runs.map((r) => r.cpu?.ticks).filter((t) => typeof t === 'number');
    if (ticks.length && Math.min(...ticks) < 100) {
      const msg =
        `CPU per request is coarse: the shortest run used ${Math.min(...ticks)} clock tick(s) ` +
        `(1 tick = ${(1000 / clockTicksPerSecond()).toFixed(0)} ms); raise -n for ~1% resolution.`;
      report.notes.push(msg);
    }

    const summary = summarize(
      runs,
      servers.map((s) => s.name),
    );
    report.summary = summary;

    const names = servers.map((s) => s.name).join(' vs ');
    process.stdout.write(
      `\nredis-benchmark: ${names}; -n ${opts.requests} -c ${opts.clients}` +
        `${opts.keyspace ? ` -r ${opts.keyspace}` : ''}; median of ${opts.rounds} round(s)\n\n`,
    );
    process.stdout.write(`${renderSummary(summary)}\n\n`);
    process.stdout.write(
      'U = Understudy, R = redis-server. p50/p99 in ms. cpu/req = server CPU time (user+sys) per request in µs.\n' +
        `${TARGETS_LEGEND}.\n`,
    );
    const misses = summary.filter((s) => s.targets.status === 'MISS').length;
    if (summary.some((s) => s.targets.status !== '-')) {
      process.stdout.write(misses ? `${misses} row(s) MISS a target.\n` : 'All rows meet the targets.\n');
    }
    for (const n of report.notes) process.stdout.write(`note: ${n}\n`);
    if (misses && opts.failOnMiss) exitCode = 2;
    return exitCode;
  });
}

runMain(main);
