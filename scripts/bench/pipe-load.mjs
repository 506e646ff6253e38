#!/usr/bin/env node
// Mass-insertion check: SET key:0 … key:N-1 through `redis-cli --pipe`,
// timed, then DBSIZE must equal N. See README.md in this folder.
//
//   node scripts/bench/pipe-load.mjs [options]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { intOption, optionsOrExit } from './cli-utils.mjs';
import { clockTicksPerSecond } from './proc-cpu.mjs';
import { installCleanupHandlers } from './process-control.mjs';
import { runMain, runReported } from './report-run.mjs';
import { dbsizeViaCli, pipeLoad, redisCli } from './redis-cli.mjs';
import { generateSetPayload } from './resp-payload.mjs';
import { serverOptionDefs, serverOptionsHelp, startSelectedServers } from './server-options.mjs';
import { fmt, renderTable } from './table.mjs';
import { REDIS_TOOLS_HINT, requireExecutable } from './which.mjs';

const HELP = `Usage: node scripts/bench/pipe-load.mjs [options]

Generates COUNT "SET key:<i> <value>" commands in RESP, pipes them through
\`redis-cli --pipe\` into each server, reports the time taken, and checks with
\`redis-cli DBSIZE\` that the server then holds exactly COUNT keys.

  --count N               number of SET commands (default 1000000)
  --value STRING          the value stored under every key (default "value")
  --flush                 FLUSHALL first if the server is not empty (needed for
                          --port-understudy/--port-redis servers holding data)
  --pipe-timeout SECONDS  redis-cli --pipe-timeout (default 30)
  --run-timeout SECONDS   give up on the whole load (default 600)
  --json FILE             write the raw figures as JSON
  -h, --help              this help

${serverOptionsHelp}
`;

const log = (msg) => process.stderr.write(`[pipe-load] ${msg}\n`);

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      count: { type: 'string', default: '1000000' },
      value: { type: 'string', default: 'value' },
      flush: { type: 'boolean', default: false },
      'pipe-timeout': { type: 'string', default: '30' },
      'run-timeout': { type: 'string', default: '600' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      ...serverOptionDefs,
    },
  });
  return {
    values,
    help: values.help,
    count: intOption('count', values.count),
    value: values.value,
    flush: values.flush,
    pipeTimeoutS: intOption('pipe-timeout', values['pipe-timeout']),
    runTimeoutMs: intOption('run-timeout', values['run-timeout']) * 1000,
    jsonPath: values.json ? resolve(values.json) : null,
  };
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
    tool: 'understudy scripts/bench/pipe-load.mjs',
    startedAt: new Date().toISOString(),
    finishedAt: null,
    config: { count: opts.count, value: opts.value, pipeTimeoutS: opts.pipeTimeoutS },
    clockTicksPerSecond: clockTicksPerSecond(),
    payloadBytes: null,
    results: [],
    notes: [],
    error: null,
  };
  return runReported(report, opts.jsonPath, log, async () => {
    let exitCode = 0;
    const t0 = process.hrtime.bigint();
    const payload = generateSetPayload({ count: opts.count, value: opts.value });
    report.payloadBytes = payload.bytes;
    log(
      `generated ${fmt.int(opts.count)} SET commands, ${(payload.bytes / 1048576).toFixed(1)} MiB ` +
        `in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms (not timed)`,
    );

    const { servers, notes } = await startSelectedServers(opts.values, log);
    report.notes.push(...notes);
    for (const n of notes) log(`note: ${n}`);

    for (const s of servers) {
      log(`${s.name}: 127.0.0.1:${s.port} pid ${s.pid ?? '?'}${s.owned ? '' : ' (existing)'}`);
      const initial = await dbsizeViaCli(cliBin, s.port);
      if (initial !== 0) {
        if (!opts.flush) {
          throw new Error(`${s.name} already holds ${initial} keys; pass --flush to empty it first.`);
        }
        await redisCli(cliBin, s.port, ['FLUSHALL'], 120_000);
        log(`${s.name}: flushed ${initial} keys`);
      }
      log(`${s.name}: loading via redis-cli --pipe …`);
      const r = await pipeLoad({
        bin: cliBin,
        server: s,
        chunks: payload.chunks,
        pipeTimeoutS: opts.pipeTimeoutS,
        timeoutMs: opts.runTimeoutMs,
      });
      const dbsize = await dbsizeViaCli(cliBin, s.port);
      const ok = r.errors === 0 && r.replies === opts.count && dbsize === opts.count;
      const result = {
        server: s.name,
        port: s.port,
        pid: s.pid,
        count: opts.count,
        seconds: r.wallMs / 1000,
        commandsPerSecond: opts.count / (r.wallMs / 1000),
        mibPerSecond: payload.bytes / 1048576 / (r.wallMs / 1000),
        cpu: r.cpu,
        cpuUsPerCommand: r.cpu ? (r.cpu.totalMs * 1000) / opts.count : null,
        errors: r.errors,
        replies: r.replies,
        dbsize,
        ok,
        redisCliOutput: r.output,
      };
      report.results.push(result);
      log(
        `${s.name}: ${result.seconds.toFixed(2)} s, ${fmt.int(result.commandsPerSecond)} cmds/s, ` +
          `errors ${r.errors}, replies ${r.replies}, DBSIZE ${dbsize} → ${ok ? 'OK' : 'FAIL'}`,
      );
    }

    const columns = [
      { title: 'server', align: 'left' },
      { title: 'commands' },
      { title: 'seconds' },
      { title: 'cmds/s' },
      { title: 'MiB/s' },
      { title: 'cpu µs/cmd' },
      { title: 'errors' },
      { title: 'replies' },
      { title: 'DBSIZE' },
      { title: 'check', align: 'left' },
    ];
    const rows = report.results.map((r) => [
      r.server,
      fmt.int(r.count),
      fmt.fixed(2)(r.seconds),
      fmt.int(r.commandsPerSecond),
      fmt.fixed(1)(r.mibPerSecond),
      fmt.fixed(2)(r.cpuUsPerCommand),
      String(r.errors),
      fmt.int(r.replies),
      fmt.int(r.dbsize),
      r.ok ? 'OK' : `FAIL (want DBSIZE ${opts.count})`,
    ]);
    process.stdout.write(
      `\nredis-cli --pipe: ${fmt.int(opts.count)} × SET key:<i> ${JSON.stringify(opts.value)} ` +
        `(${(payload.bytes / 1048576).toFixed(1)} MiB)\n\n${renderTable(columns, rows)}\n`,
    );
    const u = report.results.find((r) => r.server === 'understudy');
    const rd = report.results.find((r) => r.server === 'redis');
    if (u && rd) {
      report.timeRatio = u.seconds / rd.seconds;
      report.cpuRatio = u.cpuUsPerCommand != null && rd.cpuUsPerCommand ? u.cpuUsPerCommand / rd.cpuUsPerCommand : null;
      process.stdout.write(
        `\nunderstudy/redis: time ${report.timeRatio.toFixed(2)}×` +
          `${report.cpuRatio != null ? `, CPU per command ${report.cpuRatio.toFixed(2)}×` : ''}\n`,
      );
    }
    for (const n of report.notes) process.stdout.write(`note: ${n}\n`);
    if (report.results.some((r) => !r.ok)) exitCode = 1;
    return exitCode;
  });
}

runMain(main);
