#!/usr/bin/env node
// Memory figure: resident memory (RSS) of each server after a bulk load through `redis-cli --pipe`, Understudy
// vs redis-server, fresh servers every round. See README.md in this folder.
//
//   node scripts/bench/memory.mjs [options]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, intOption, listOption, optionsOrExit } from './cli-utils.mjs';
import { installCleanupHandlers } from './process-control.mjs';
import { canReadMemory, readMemory, waitForStableRss } from './proc-memory.mjs';
import { runMain, runReported } from './report-run.mjs';
import { pipeLoad, redisCli } from './redis-cli.mjs';
import { generatePayload } from './resp-payload.mjs';
import { serverOptionDefs, serverOptionsHelp, startSelectedServers } from './server-options.mjs';
import { serverInfo } from './servers.mjs';
import { median, ratio } from './stats.mjs';
import { fmt, renderTable } from './table.mjs';
import { TARGETS } from './targets.mjs';
import { REDIS_TOOLS_HINT, requireExecutable, which } from './which.mjs';

/**
 * The workloads. `args(i, count)` is command i; `verify` is the command whose integer reply must equal count.
 * Values and members are distinct per i, so nothing can be shared between entries.
 */
const WORKLOADS = {
  set: {
    describe: (count) => `${fmt.int(count)} × SET key:<i> <16-byte value>`,
    args: (i) => ['SET', `key:${i}`, `v:${String(i).padStart(14, '0')}`],
    verify: ['DBSIZE'],
  },
  zadd: {
    describe: (count) => `${fmt.int(count)} × ZADD zset <score> member:<i>, one sorted set, scores in shuffled order`,
    // A leaderboard: integer scores, members arriving in no particular score order (i * a prime mod count is a
    // permutation of 0 … count-1 whenever the prime does not divide count).
    args: (i, count) => ['ZADD', 'zset', String((i * 7_919) % count), `member:${i}`],
    verify: ['ZCARD', 'zset'],
  },
};

const HELP = `Usage: node scripts/bench/memory.mjs [options]

For each workload and round, starts a fresh server, waits for its RSS to
settle (the baseline), loads the workload through \`redis-cli --pipe\`, checks
the data (DBSIZE or ZCARD), waits for the RSS to settle again and records it,
then stops the server. Servers alternate (Understudy, redis, Understudy, …);
the table shows medians over rounds and the Understudy/redis RSS ratio
(target <= ${TARGETS.maxMemoryRatio}).

Workloads (--workloads):
  set    ${WORKLOADS.set.describe(1_000_000)}
  zadd   ${WORKLOADS.zadd.describe(1_000_000)}

  --workloads LIST          comma-separated (default set,zadd)
  --count N                 commands per workload (default 1000000)
  --rounds N                fresh servers per workload and side (default 3)
  --settle-window SECONDS   RSS is settled when it moved by at most
                            max(1 MiB, 1%) over this long (default 30)
  --settle-timeout SECONDS  stop waiting and take the last window (the row
                            says "unsettled") (default 120)
  --pipe-timeout SECONDS    redis-cli --pipe-timeout (default 30)
  --run-timeout SECONDS     give up on one load (default 600)
  --json FILE               write config, every run and the summary as JSON
  --fail-on-miss            exit with status 2 if a workload misses the target
  -h, --help                this help

${serverOptionsHelp}
  (every round needs a fresh server: --port-understudy / --port-redis are refused)
`;

const log = (msg) => process.stderr.write(`[memory] ${msg}\n`);
const mib = (kib) => (kib == null ? null : kib / 1024);

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      workloads: { type: 'string', default: 'set,zadd' },
      count: { type: 'string', default: '1000000' },
      rounds: { type: 'string', default: '3' },
      'settle-window': { type: 'string', default: '30' },
      'settle-timeout': { type: 'string', default: '120' },
      'pipe-timeout': { type: 'string', default: '30' },
      'run-timeout': { type: 'string', default: '600' },
      json: { type: 'string' },
      'fail-on-miss': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...serverOptionDefs,
    },
  });
  for (const name of ['port-understudy', 'pid-understudy', 'port-redis', 'pid-redis']) {
    if (values[name] !== undefined) throw new UsageError(`--${name}: every round starts its own server`);
  }
  const workloads = listOption(values.workloads);
  if (workloads.length === 0) throw new UsageError('--workloads must not be empty');
  for (const w of workloads) {
    if (!(w in WORKLOADS)) throw new UsageError(`unknown workload ${JSON.stringify(w)} (known: ${Object.keys(WORKLOADS).join(', ')})`);
  }
  if (values.only !== undefined && values.only !== 'understudy' && values.only !== 'redis') {
    throw new UsageError(`--only must be "understudy" or "redis" (got ${JSON.stringify(values.only)})`);
  }
  const count = intOption('count', values.count);
  if (workloads.includes('zadd') && count % 7_919 === 0) throw new UsageError('--count must not be a multiple of 7919');
  const settleWindowMs = intOption('settle-window', values['settle-window']) * 1000;
  return {
    values,
    help: values.help,
    workloads,
    count,
    rounds: intOption('rounds', values.rounds),
    settleWindowMs,
    settleTimeoutMs: Math.max(settleWindowMs, intOption('settle-timeout', values['settle-timeout']) * 1000),
    pipeTimeoutS: intOption('pipe-timeout', values['pipe-timeout']),
    runTimeoutMs: intOption('run-timeout', values['run-timeout']) * 1000,
    jsonPath: values.json ? resolve(values.json) : null,
    failOnMiss: values['fail-on-miss'],
  };
}

/** The sides to measure, in the order they alternate. */
function selectSides(values, notes) {
  if (values.only) return [values.only];
  if (which('redis-server')) return ['understudy', 'redis'];
  notes.push('redis-server is not on PATH: measuring Understudy alone (no ratios).');
  return ['understudy'];
}

/** One fresh server, one load, two settled RSS figures (before and after). */
async function measureOnce({ opts, cliBin, side, workload, payload, round }) {
  const { servers, notes } = await startSelectedServers({ ...opts.values, only: side }, log);
  const server = servers[0];
  try {
    if (!server.pid || !canReadMemory(server.pid)) throw new Error(`${side}: cannot read /proc/${server.pid}/status`);
    const info = await serverInfo(server);
    if (info.process_id && Number(info.process_id) !== server.pid) {
      notes.push(`${side}: the pid sampled (${server.pid}) is not the server's (INFO process_id ${info.process_id})`);
    }
    const settle = { windowMs: opts.settleWindowMs, timeoutMs: opts.settleTimeoutMs };
    // The idle baseline needs no long window: nothing runs yet.
    const before = await waitForStableRss(server.pid, { ...settle, windowMs: Math.min(settle.windowMs, 3000) });
    const load = await pipeLoad({
      bin: cliBin,
      server,
      chunks: payload.chunks,
      pipeTimeoutS: opts.pipeTimeoutS,
      timeoutMs: opts.runTimeoutMs,
    });
    const reply = await redisCli(cliBin, server.port, WORKLOADS[workload].verify);
    const verified = Number(/(-?\d+)/.exec(reply)?.[1]);
    const ok = load.errors === 0 && load.replies === opts.count && verified === opts.count;
    const loadedAt = readMemory(server.pid);
    const after = await waitForStableRss(server.pid, settle);
    const run = {
      workload,
      round,
      server: side,
      pid: server.pid,
      baselineKiB: before.rssKiB,
      rssKiB: after.rssKiB,
      rssRightAfterLoadKiB: loadedAt.rssKiB,
      peakKiB: after.hwmKiB,
      settled: after.stable,
      settleMs: after.waitedMs,
      settleWindowKiB: [after.minKiB, after.maxKiB],
      loadSeconds: load.wallMs / 1000,
      errors: load.errors,
      replies: load.replies,
      verify: `${WORKLOADS[workload].verify.join(' ')} = ${reply}`,
      ok,
      notes,
    };
    log(
      `${workload} round ${round} ${side}: baseline ${mib(run.baselineKiB).toFixed(1)} MiB, ` +
        `after load ${mib(run.rssKiB).toFixed(1)} MiB${run.settled ? '' : ' (unsettled)'} ` +
        `(peak ${mib(run.peakKiB).toFixed(1)}, settled in ${(run.settleMs / 1000).toFixed(1)} s), ` +
        `load ${run.loadSeconds.toFixed(2)} s, ${run.verify} → ${ok ? 'OK' : 'FAIL'}`,
    );
    return run;
  } finally {
    await server.stop();
  }
}

function summarize(runs, workloads, sides) {
  return workloads.map((workload) => {
    const row = { workload, target: TARGETS.maxMemoryRatio };
    for (const side of sides) {
      const mine = runs.filter((r) => r.workload === workload && r.server === side);
      row[side] = {
        rounds: mine.length,
        baselineMiB: mib(median(mine.map((r) => r.baselineKiB))),
        rssMiB: mib(median(mine.map((r) => r.rssKiB))),
        rssMinMiB: mib(Math.min(...mine.map((r) => r.rssKiB))),
        rssMaxMiB: mib(Math.max(...mine.map((r) => r.rssKiB))),
        peakMiB: mib(median(mine.map((r) => r.peakKiB))),
        loadSeconds: median(mine.map((r) => r.loadSeconds)),
        allSettled: mine.every((r) => r.settled),
        allOk: mine.every((r) => r.ok),
      };
    }
    row.rssRatio = ratio(row.understudy?.rssMiB, row.redis?.rssMiB);
    row.status = row.rssRatio == null ? '-' : row.rssRatio <= row.target ? 'ok' : 'MISS';
    return row;
  });
}

function renderSummary(summary) {
  const columns = [
    { title: 'workload', align: 'left' },
    { title: 'U base' },
    { title: 'U RSS' },
    { title: 'U min-max' },
    { title: 'U peak' },
    { title: 'R base' },
    { title: 'R RSS' },
    { title: 'R peak' },
    { title: 'U/R RSS' },
    { title: 'status', align: 'left' },
  ];
  const m = fmt.fixed(1);
  const range = (s) => (s ? `${m(s.rssMinMiB)}-${m(s.rssMaxMiB)}` : '-');
  const flags = (s) => (s && !s.allOk ? ' FAIL' : '') + (s && !s.allSettled ? ' unsettled' : '');
  const rows = summary.map((s) => [
    s.workload,
    m(s.understudy?.baselineMiB),
    m(s.understudy?.rssMiB),
    range(s.understudy),
    m(s.understudy?.peakMiB),
    m(s.redis?.baselineMiB),
    m(s.redis?.rssMiB),
    m(s.redis?.peakMiB),
    fmt.fixed(2)(s.rssRatio),
    `${s.status}${flags(s.understudy)}${flags(s.redis)}`,
  ]);
  return renderTable(columns, rows);
}

async function main() {
  const { opts, exitCode } = optionsOrExit(parseCli, process.argv.slice(2), HELP);
  if (!opts) return exitCode;
  let cliBin;
  try {
    cliBin = requireExecutable('redis-cli', REDIS_TOOLS_HINT);
  } catch (err) {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  installCleanupHandlers((m) => process.stderr.write(`${m}\n`));

  const report = {
    tool: 'understudy scripts/bench/memory.mjs',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    config: {
      workloads: opts.workloads.map((w) => ({ name: w, description: WORKLOADS[w].describe(opts.count) })),
      count: opts.count,
      rounds: opts.rounds,
      settleWindowMs: opts.settleWindowMs,
      settleTimeoutMs: opts.settleTimeoutMs,
      target: TARGETS.maxMemoryRatio,
      node: process.version,
    },
    notes: [],
    runs: [],
    summary: null,
    error: null,
  };
  return runReported(report, opts.jsonPath, log, async () => {
    const sides = selectSides(opts.values, report.notes);
    for (const workload of opts.workloads) {
      const t0 = process.hrtime.bigint();
      const payload = generatePayload({ count: opts.count, argsFor: (i) => WORKLOADS[workload].args(i, opts.count) });
      log(
        `${workload}: ${WORKLOADS[workload].describe(opts.count)}, ${(payload.bytes / 1048576).toFixed(1)} MiB of RESP ` +
          `generated in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`,
      );
      for (let round = 1; round <= opts.rounds; round++) {
        for (const side of sides) {
          const run = await measureOnce({ opts, cliBin, side, workload, payload, round });
          report.runs.push(run);
          for (const n of run.notes) if (!report.notes.includes(n)) report.notes.push(n);
        }
      }
    }
    report.summary = summarize(report.runs, opts.workloads, sides);
    process.stdout.write(
      `\nRSS in MiB after loading through redis-cli --pipe, median of ${opts.rounds} round(s), fresh servers ` +
        `(base: before loading; peak: VmHWM)\n` +
        opts.workloads.map((w) => `  ${w}: ${WORKLOADS[w].describe(opts.count)}\n`).join('') +
        `\n${renderSummary(report.summary)}\n\ntarget: U/R RSS <= ${TARGETS.maxMemoryRatio}\n`,
    );
    for (const n of report.notes) process.stdout.write(`note: ${n}\n`);
    if (report.runs.some((r) => !r.ok)) return 1;
    return opts.failOnMiss && report.summary.some((s) => s.status === 'MISS') ? 2 : 0;
  });
}

runMain(main);
