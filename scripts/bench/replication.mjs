#!/usr/bin/env node
// Replication figures (issue 4): the lag from a write's acknowledgement on the primary to its visibility on a
// replica (p50/p99 over sequential writes), and the primary's SET throughput with one replica attached vs
// none, for an Understudy primary/replica pair and, when installed, a redis-server pair. See README.md.
//
//   node scripts/bench/replication.mjs [--writes 2000] [--rounds 3] [--requests 100000] [--only understudy|redis]
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, intOption, optionsOrExit } from './cli-utils.mjs';
import { installCleanupHandlers, stopManaged } from './process-control.mjs';
import { runMain, runReported } from './report-run.mjs';
import { encodeCommand, parseInfo, parseReply, RespError, sendCommand } from './resp-client.mjs';
import { runBenchmark } from './run-benchmark.mjs';
import { HOST, startRedis, startUnderstudy } from './servers.mjs';
import { median } from './stats.mjs';
import { fmt, renderTable } from './table.mjs';
import { REDIS_TOOLS_HINT, requireExecutable, which } from './which.mjs';

const HELP = `Usage: node scripts/bench/replication.mjs [options]

  --writes N        sequential writes whose replication lag is measured (default 2000)
  --requests N      redis-benchmark SET requests per throughput run (default 100000)
  --pipelines LIST  redis-benchmark -P depths for the throughput runs (default 1,16)
  --rounds N        throughput rounds, each "no replica" then "one replica" or the reverse (default 3)
  --only NAME       understudy or redis
  --json FILE       write the raw figures as JSON
  -h, --help        this help
`;

const log = (msg) => process.stderr.write(`[replication] ${msg}\n`);

/** A persistent RESP connection: commands answered in order, pub/sub messages to `onPush`. */
class Connection {
  constructor(port, onPush = null) {
    this.socket = net.createConnection({ port, host: HOST });
    this.socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    this.waiting = [];
    this.onPush = onPush;
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk) => this.read(chunk));
  }

  read(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let pos = 0;
    for (let parsed = parseReply(this.buffer, pos); parsed; parsed = parseReply(this.buffer, pos)) {
      pos = parsed.next;
      const value = parsed.value;
      if (this.onPush && Array.isArray(value) && (value[0] === 'pmessage' || value[0] === 'message')) this.onPush(value);
      else this.waiting.shift()?.(value);
    }
    this.buffer = this.buffer.subarray(pos);
  }

  send(args) {
    return new Promise((resolve, reject) => {
      this.waiting.push((value) => (value instanceof RespError ? reject(value) : resolve(value)));
      this.socket.write(encodeCommand(args));
    });
  }

  close() {
    this.socket.destroy();
  }
}

async function info(port, section) {
  return parseInfo(await sendCommand({ port, args: ['INFO', section] }));
}

/** Attaches `replica` to `primary` and waits (with a deadline) until its link is up and it caught up. */
async function attach(replica, primary) {
  await sendCommand({ port: replica.port, args: ['REPLICAOF', HOST, String(primary.port)] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await info(replica.port, 'replication');
    const p = await info(primary.port, 'replication');
    if (r.master_link_status === 'up' && Number(p.connected_slaves) === 1 && p.slave0?.includes('state=online')) return;
    if (Date.now() > deadline) throw new Error(`replica on ${replica.port} did not attach to ${primary.port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Lag: for each write, the time from its reply on the primary to the keyspace event the replica publishes when
 * it applies it (both read by this process, on one clock). Negative when the replica applied it before the
 * primary's reply was read: counted as 0.
 */
async function measureLag(primary, replica, writes) {
  await sendCommand({ port: replica.port, args: ['CONFIG', 'SET', 'notify-keyspace-events', 'K$'] });
  const applied = new Map();
  const subscriber = new Connection(replica.port, (message) => {
    const waiter = applied.get(message[2]);
    if (waiter) waiter(process.hrtime.bigint());
  });
  await subscriber.ready;
  await subscriber.send(['PSUBSCRIBE', '__keyspace@0__:lag:*']);
  const writer = new Connection(primary.port);
  await writer.ready;
  const lagsUs = [];
  try {
    for (let i = 0; i < writes; i++) {
      const key = `lag:${i}`;
      const seen = new Promise((resolve) => applied.set(`__keyspace@0__:${key}`, resolve));
      await writer.send(['SET', key, String(i)]);
      const acknowledged = process.hrtime.bigint();
      const visible = await seen;
      applied.delete(`__keyspace@0__:${key}`);
      lagsUs.push(Math.max(0, Number(visible - acknowledged) / 1000));
    }
  } finally {
    writer.close();
    subscriber.close();
  }
  lagsUs.sort((a, b) => a - b);
  return { p50Us: percentile(lagsUs, 50), p90Us: percentile(lagsUs, 90), p99Us: percentile(lagsUs, 99), maxUs: lagsUs[lagsUs.length - 1] };
}

async function throughput(bin, primary, requests, pipeline) {
  await sendCommand({ port: primary.port, args: ['FLUSHALL'], timeoutMs: 30_000 });
  const run = await runBenchmark({ bin, server: primary, test: 'set', requests, clients: 50, pipeline, timeoutMs: 600_000 });
  return { rps: run.rows[0].rps, cpuUs: run.cpuUsPerRequest };
}

async function measurePair(name, start, opts, benchBin) {
  log(`${name}: starting a primary and a replica`);
  const primary = await start();
  const replica = await start();
  try {
    await attach(replica, primary);
    const lag = await measureLag(primary, replica, opts.writes);
    log(`${name}: lag p50 ${lag.p50Us.toFixed(0)} µs, p99 ${lag.p99Us.toFixed(0)} µs`);
    const perDepth = {};
    for (const pipeline of opts.pipelines) {
      // Warm-up (JIT), not recorded.
      await throughput(benchBin, primary, Math.min(opts.requests, 20_000), pipeline);
      const none = [];
      const one = [];
      const cpuNone = [];
      const cpuOne = [];
      for (let round = 0; round < opts.rounds; round++) {
        // Alternate which side goes first, so that drift favours neither.
        const order = round % 2 === 0 ? ['none', 'one'] : ['one', 'none'];
        for (const side of order) {
          if (side === 'none') await sendCommand({ port: replica.port, args: ['REPLICAOF', 'NO', 'ONE'] });
          else await attach(replica, primary);
          if (side === 'none') {
            // Wait for the primary to see the replica go.
            const deadline = Date.now() + 10_000;
            while (Number((await info(primary.port, 'replication')).connected_slaves) !== 0) {
              if (Date.now() > deadline) throw new Error('the primary still lists its replica');
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          }
          const { rps, cpuUs } = await throughput(benchBin, primary, opts.requests, pipeline);
          (side === 'none' ? none : one).push(rps);
          (side === 'none' ? cpuNone : cpuOne).push(cpuUs);
          log(`${name}: P=${pipeline} round ${round + 1} ${side === 'none' ? 'no replica' : 'one replica'}: ${fmt.int(rps)} SET/s, primary CPU ${cpuUs?.toFixed(2)} µs/SET`);
        }
      }
      perDepth[pipeline] = {
        none: median(none),
        one: median(one),
        ratio: median(one) / median(none),
        cpuNone: median(cpuNone),
        cpuOne: median(cpuOne),
        rounds: { none, one, cpuNone, cpuOne },
      };
    }
    return { server: name, lag, throughput: perDepth };
  } finally {
    await stopManaged(replica.managed, 2000);
    await stopManaged(primary.managed, 2000);
  }
}

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      writes: { type: 'string', default: '2000' },
      requests: { type: 'string', default: '100000' },
      pipelines: { type: 'string', default: '1,16' },
      rounds: { type: 'string', default: '3' },
      only: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.only && !['understudy', 'redis'].includes(values.only)) throw new UsageError('--only takes understudy or redis');
  return {
    help: values.help,
    writes: intOption('writes', values.writes),
    requests: intOption('requests', values.requests),
    pipelines: values.pipelines.split(',').map((p) => intOption('pipelines', p)),
    rounds: intOption('rounds', values.rounds),
    only: values.only ?? null,
    jsonPath: values.json ?? null,
  };
}

async function main() {
  const { opts, exitCode } = optionsOrExit(parseCli, process.argv.slice(2), HELP);
  if (!opts) return exitCode;
  const benchBin = requireExecutable('redis-benchmark', REDIS_TOOLS_HINT);
  installCleanupHandlers((m) => process.stderr.write(`${m}\n`));
  const report = { tool: 'understudy scripts/bench/replication.mjs', startedAt: new Date().toISOString(), config: opts, results: [], notes: [] };
  return runReported(report, opts.jsonPath, log, async () => {
    const sides = [];
    if (opts.only !== 'redis') sides.push(['understudy', () => startUnderstudy({ nodeArgs: ['--bind', HOST], log })]);
    if (opts.only !== 'understudy') {
      // A redis-server replica writes the RDB it receives to its directory: keep that out of the repository.
      const dir = mkdtempSync(join(tmpdir(), 'understudy-bench-redis-'));
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      if (which('redis-server')) sides.push(['redis', () => startRedis({ extraArgs: ['--dir', dir], log })]);
      else report.notes.push('redis-server is not installed: Understudy only');
    }
    for (const [name, start] of sides) report.results.push(await measurePair(name, start, opts, benchBin));

    const rows = [];
    for (const r of report.results) {
      for (const [pipeline, t] of Object.entries(r.throughput)) {
        rows.push([
          r.server,
          fmt.fixed(0)(r.lag.p50Us),
          fmt.fixed(0)(r.lag.p99Us),
          `P=${pipeline}`,
          fmt.int(t.none),
          fmt.int(t.one),
          `${t.ratio.toFixed(2)}×`,
          t.cpuNone == null ? '-' : t.cpuNone.toFixed(2),
          t.cpuOne == null ? '-' : t.cpuOne.toFixed(2),
        ]);
      }
    }
    const columns = [
      { title: 'server', align: 'left' },
      { title: 'lag p50 µs' },
      { title: 'lag p99 µs' },
      { title: 'depth', align: 'left' },
      { title: 'SET/s, no replica' },
      { title: 'SET/s, one replica' },
      { title: 'one/none' },
      { title: 'primary CPU µs/SET, none' },
      { title: 'primary CPU µs/SET, one' },
    ];
    process.stdout.write(
      `\nreplication: lag over ${opts.writes} sequential writes; SET throughput (median of ${opts.rounds} rounds, 50 clients)\n\n` +
        `${renderTable(columns, rows)}\n`,
    );
    for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
    return 0;
  });
}

runMain(main);
