#!/usr/bin/env node
// Failover figures (issues 5 and 6): the time from kill -9 of the primary to the first write an ioredis client in
// sentinel mode gets acknowledged by the new primary, and the acknowledged writes a failover loses (a ledger of
// acknowledged writes read back afterwards), for a primary, two replicas and three Understudy sentinels and,
// when redis-sentinel can be run, the same with redis-server and redis-sentinel 7.0.15. On the Understudy side a
// second client writes at the same time through understudy-proxy (following the three sentinels over gRPC): the
// same figures for a plain client that knows one address. See README.md.
//
//   node scripts/bench/failover.mjs [--trials 10] [--down-after 500] [--min-replicas 1] [--only understudy|redis]
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { UsageError, intOption, optionsOrExit } from './cli-utils.mjs';
import { installCleanupHandlers, stopManaged, waitForOutput } from './process-control.mjs';
import { runMain, runReported } from './report-run.mjs';
import { parseInfo, sendCommand } from './resp-client.mjs';
import {
  EventRecorder,
  MASTER_NAME,
  namedPrimaryPort,
  redisSentinelLauncher,
  sentinelMaster,
  sentinelReplicas,
  startRedisSentinel,
  startSentinelProxy,
  startUnderstudySentinel,
} from './sentinels.mjs';
import { HOST, startRedis, startUnderstudy } from './servers.mjs';
import { fmt, renderTable } from './table.mjs';
import { which } from './which.mjs';

const HELP = `Usage: node scripts/bench/failover.mjs [options]

Per trial: a primary and 2 replicas (min-replicas-to-write N), 3 sentinels (quorum 2); ioredis in sentinel mode
writes SET ledger:<n> <n> one after the other; after 300 ms the primary is killed with SIGKILL. Failover time is
the kill to the first write the new primary acknowledges; lost writes are acknowledged ledger keys missing on
the primary the sentinels name afterwards. Understudy and redis trials alternate (A B A B...).
On the Understudy side, understudy-proxy --sentinels <their gRPC ports> --master-name mymaster runs too, and a
plain ioredis client connected to it writes SET pledger:<n> <n> beside the sentinel-mode writer(s): its failover
time, lost writes, errors (outcome unknown / NOREPLICAS / other) and reconnections are reported separately.

  --trials N           trials per side (default 10)
  --down-after MS      sentinel down-after-milliseconds (default 500)
  --failover-timeout MS  sentinel failover-timeout (default 10000)
  --min-replicas N     min-replicas-to-write on every data node (default 1; 0 turns it off)
  --writers N          concurrent writers, each its own ioredis client, writing one SET at a time (default 1)
  --write-before MS    writing time before the kill (default 300)
  --write-after MS     writing time after the first write the new primary acknowledged (default 1000)
  --recovery-timeout S a trial fails when no write is acknowledged this long after the kill (default 30)
  --only NAME          understudy or redis
  --no-proxy           no proxy and no proxy client on the Understudy side
  --json FILE          write the raw figures as JSON
  --keep-logs          keep every trial's process output (default: only failed trials')
  --fail-on-miss       exit status 2 when the Understudy side misses a target
  -h, --help           this help
`;

const TARGET_MEDIAN_MS = 1500;
const QUORUM = 2;
const REPLICAS = 2;
const SENTINELS = 3;

const log = (msg) => process.stderr.write(`[failover] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      trials: { type: 'string', default: '10' },
      'down-after': { type: 'string', default: '500' },
      'failover-timeout': { type: 'string', default: '10000' },
      'min-replicas': { type: 'string', default: '1' },
      writers: { type: 'string', default: '1' },
      'write-before': { type: 'string', default: '300' },
      'write-after': { type: 'string', default: '1000' },
      'recovery-timeout': { type: 'string', default: '30' },
      only: { type: 'string' },
      'no-proxy': { type: 'boolean', default: false },
      json: { type: 'string' },
      'keep-logs': { type: 'boolean', default: false },
      'fail-on-miss': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.only && !['understudy', 'redis'].includes(values.only)) throw new UsageError('--only takes understudy or redis');
  return {
    help: values.help,
    trials: intOption('trials', values.trials),
    downAfterMs: intOption('down-after', values['down-after']),
    failoverTimeoutMs: intOption('failover-timeout', values['failover-timeout']),
    minReplicas: intOption('min-replicas', values['min-replicas'], { min: 0 }),
    writers: intOption('writers', values.writers),
    writeBeforeMs: intOption('write-before', values['write-before'], { min: 0 }),
    writeAfterMs: intOption('write-after', values['write-after'], { min: 0 }),
    recoveryTimeoutMs: intOption('recovery-timeout', values['recovery-timeout']) * 1000,
    only: values.only ?? null,
    proxy: !values['no-proxy'],
    jsonPath: values.json ?? null,
    keepLogs: values['keep-logs'],
    failOnMiss: values['fail-on-miss'],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The cluster of one trial: 3 data nodes, 3 sentinels, every process's output copied to a file in the trial's dir.

/** Copies a process's output (the lines it printed so far, then every new one) to `file`. */
function recordOutput(managed, file, streams) {
  const stream = createWriteStream(file);
  stream.on('error', () => {});
  for (const line of managed.recentLines) stream.write(`${line}\n`);
  managed.lineListeners.add((line) => stream.write(`${line}\n`));
  streams.push({ managed, stream });
}

async function startNode(side, cluster, name, opts, primaryPort) {
  const logOnce = cluster.verbose ? log : () => {};
  let handle;
  if (side === 'understudy') {
    const nodeArgs = ['--bind', HOST, '--grpc-port', '0', '--min-replicas-to-write', String(opts.minReplicas)];
    if (primaryPort != null) nodeArgs.push('--replicaof', `${HOST} ${primaryPort}`);
    handle = await startUnderstudy({ nodeArgs, log: logOnce });
  } else {
    const dir = join(cluster.dir, name);
    mkdirSync(dir);
    const extraArgs = ['--dir', dir, '--min-replicas-to-write', String(opts.minReplicas), '--repl-diskless-sync-delay', '0'];
    if (primaryPort != null) extraArgs.push('--replicaof', HOST, String(primaryPort));
    handle = await startRedis({ extraArgs, log: logOnce });
  }
  recordOutput(handle.managed, join(cluster.dir, `${name}-${handle.port}.log`), cluster.streams);
  const node = { name, port: handle.port, managed: handle.managed, command: handle.command, killed: false };
  cluster.nodes.push(node);
  return node;
}

async function startSentinel(side, cluster, name, opts, masterPort) {
  const common = {
    label: `${side} ${name}`,
    masterPort,
    quorum: QUORUM,
    downAfterMs: opts.downAfterMs,
    failoverTimeoutMs: opts.failoverTimeoutMs,
    log: cluster.verbose ? log : () => {},
  };
  const handle =
    side === 'understudy'
      ? await startUnderstudySentinel(common)
      : await startRedisSentinel({ ...common, launcher: cluster.launcher, dir: cluster.dir });
  recordOutput(handle.managed, join(cluster.dir, `${name}-${handle.port}.log`), cluster.streams);
  const sentinel = { name, port: handle.port, grpcPort: handle.grpcPort ?? null, managed: handle.managed, command: handle.command };
  cluster.sentinels.push(sentinel);
  return sentinel;
}

async function replicationInfo(port) {
  return parseInfo(await sendCommand({ port, args: ['INFO', 'replication'], timeoutMs: 1000 }));
}

/** Why the cluster is not ready yet (null: ready): each sentinel knows the 2 others and 2 healthy replicas, links up. */
async function notReadyReason(cluster, primary) {
  for (const s of cluster.sentinels) {
    const m = await sentinelMaster(s.port);
    if (Number(m['num-other-sentinels']) !== SENTINELS - 1 || Number(m['num-slaves']) !== REPLICAS || m.flags !== 'master') {
      return `${s.name}: flags=${m.flags} num-other-sentinels=${m['num-other-sentinels']} num-slaves=${m['num-slaves']}`;
    }
    const bad = (await sentinelReplicas(s.port)).find((r) => r.flags !== 'slave');
    if (bad) return `${s.name}: replica ${bad.port} flags=${bad.flags}`;
  }
  for (const n of cluster.nodes) {
    if (n === primary) continue;
    const info = await replicationInfo(n.port);
    if (info.master_link_status !== 'up') return `${n.name}: master_link_status=${info.master_link_status}`;
  }
  const p = await replicationInfo(primary.port);
  const online = Object.keys(p).filter((k) => /^slave\d+$/.test(k) && p[k].includes('state=online')).length;
  if (online !== REPLICAS) return `primary: ${online} replicas online`;
  return null;
}

async function waitForTopology(cluster, primary, timeoutMs = 30_000) {
  const start = performance.now();
  const deadline = Date.now() + timeoutMs;
  let reason = 'not checked';
  for (;;) {
    try {
      reason = await notReadyReason(cluster, primary);
      if (reason === null) return performance.now() - start;
    } catch (err) {
      reason = err.message;
    }
    if (Date.now() > deadline) throw new Error(`the cluster was not ready after ${timeoutMs / 1000} s: ${reason}`);
    await sleep(100);
  }
}

/** ROLE of every live node and the primary every sentinel names. */
async function clusterState(cluster) {
  const roles = {};
  for (const n of cluster.nodes) {
    if (n.killed) continue;
    try {
      const reply = await sendCommand({ port: n.port, args: ['ROLE'], timeoutMs: 1000 });
      roles[n.port] = Array.isArray(reply) ? String(reply[0]) : String(reply);
    } catch (err) {
      roles[n.port] = `error: ${err.message}`;
    }
  }
  const named = {};
  for (const s of cluster.sentinels) {
    try {
      named[s.name] = await namedPrimaryPort(s.port);
    } catch (err) {
      named[s.name] = `error: ${err.message}`;
    }
  }
  const masters = Object.keys(roles).filter((p) => roles[p] === 'master').map(Number);
  const namedPorts = new Set(Object.values(named));
  const agreed = masters.length === 1 && namedPorts.size === 1 && namedPorts.has(masters[0]);
  return { roles, named, masters, agreed };
}

/**
 * Polls until exactly one live node is a master and every sentinel names it, up to `timeoutMs`. Split brain:
 * more than one live master, or sentinels naming different nodes, when the wait ends.
 */
async function settle(cluster, timeoutMs = 5000) {
  const start = performance.now();
  let state;
  for (;;) {
    state = await clusterState(cluster);
    if (state.agreed || performance.now() - start > timeoutMs) break;
    await sleep(100);
  }
  const distinctNamed = new Set(Object.values(state.named).filter((v) => typeof v === 'number'));
  return {
    ...state,
    settleMs: performance.now() - start,
    splitBrain: state.masters.length > 1 || distinctNamed.size > 1,
  };
}

async function stopCluster(cluster) {
  // The proxy, then the sentinels, so that none reacts to the data nodes going away.
  if (cluster.proxy) await stopManaged(cluster.proxy.managed, 2000);
  await Promise.all(cluster.sentinels.map((s) => stopManaged(s.managed, 2000)));
  await Promise.all(cluster.nodes.map((n) => stopManaged(n.managed, 2000)));
  for (const { managed, stream } of cluster.streams) {
    await Promise.race([waitForOutput(managed), sleep(1000)]);
    stream.end();
    await Promise.race([once(stream, 'close'), sleep(1000)]);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The writers and the ledger.

/** What one client's writes came to: its ledger (acknowledged ns and their times), errors, recovery. */
function newLedger(prefix) {
  const ledger = {
    prefix,
    stop: false,
    next: 0,
    t0: null,
    oldPrimaryPort: null,
    /** Held by the proxy client: an ack of a write sent before the kill counts as the new primary's this late. */
    minFailoverMs: 0,
    acked: [],
    ackTimes: [],
    ackedByOldAfterKill: 0,
    ackedAfterKillBy: {},
    firstNewAck: null,
    onRecovered: () => {},
    recovered: null,
    errors: 0,
    errorsAfterKill: 0,
    errorKinds: {},
    errorSamples: [],
  };
  ledger.recovered = new Promise((resolve) => {
    ledger.onRecovered = resolve;
  });
  return ledger;
}

/**
 * The kind of a write's error: `outcome-unknown` for the proxy's "the connection to the primary was lost before
 * the reply; the command may or may not have run", else the error code (first word: NOREPLICAS, READONLY...).
 */
function errorKind(message) {
  if (/may or may not have run/.test(message)) return 'outcome-unknown';
  return String(message).split(/\s/, 1)[0] || 'error';
}

/**
 * One ioredis client writing `SET <prefix><n> <n>` one at a time, n from a counter shared by the writers of the
 * same ledger. Every acknowledged n is recorded with its time.
 *
 * - `sentinel` mode: ioredis asks the sentinels for the primary on every (re)connection; an ack after the kill
 *   is the new primary's when the connection it came on is not to the old primary's port.
 * - `proxy` mode: a plain client of the proxy's one port. Which node ran a write is not visible to it, so an ack
 *   after the kill is the new primary's when the write was sent after the kill (the killed process runs nothing
 *   more), or when it came `minFailoverMs` (down-after-milliseconds: no sentinel can promote a replica sooner)
 *   or more after the kill (a write the proxy held, then sent to the new primary); an earlier ack of a write sent
 *   before the kill is the old primary's last reply.
 */
class LedgerWriter {
  constructor({ mode, sentinelPorts, proxyPort, ledger }) {
    this.mode = mode;
    this.ledger = ledger;
    this.connectedPort = null;
    this.connectionErrors = 0;
    this.readyCount = 0;
    this.reconnects = 0;
    const common = { maxRetriesPerRequest: null, retryStrategy: () => 50, enableOfflineQueue: true };
    this.client =
      mode === 'sentinel'
        ? new Redis({
            sentinels: sentinelPorts.map((port) => ({ host: HOST, port })),
            name: MASTER_NAME,
            sentinelRetryStrategy: () => 50,
            ...common,
          })
        : new Redis({ host: HOST, port: proxyPort, ...common });
    // Connection errors (the killed primary refusing connections...) are expected: counted, not printed.
    this.client.on('error', () => this.connectionErrors++);
    this.client.on('reconnecting', () => this.reconnects++);
    this.client.on('ready', () => {
      this.readyCount++;
      this.connectedPort = this.client.stream?.remotePort ?? null;
    });
  }

  async ready(timeoutMs = 10_000) {
    if (this.client.status === 'ready') return;
    let timer;
    await Promise.race([
      once(this.client, 'ready'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the ioredis ${this.mode} client was not ready after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Whether an ack read at `t` of a write sent at `sentAt` came from a new primary (see the class comment). */
  byNewPrimary(t, sentAt, port) {
    const s = this.ledger;
    if (this.mode === 'sentinel') return port !== s.oldPrimaryPort;
    return sentAt > s.t0 || t - s.t0 >= s.minFailoverMs;
  }

  async run() {
    const s = this.ledger;
    while (!s.stop) {
      const n = s.next++;
      const sentAt = performance.now();
      try {
        const reply = await this.client.set(`${s.prefix}${n}`, String(n));
        const t = performance.now();
        if (reply !== 'OK') throw new Error(`UNEXPECTED reply ${JSON.stringify(reply)}`);
        const port = this.connectedPort;
        s.acked.push(n);
        s.ackTimes.push(t);
        if (s.t0 !== null && t > s.t0) {
          if (!this.byNewPrimary(t, sentAt, port)) s.ackedByOldAfterKill++;
          else {
            const key = this.mode === 'sentinel' ? port : 'proxy';
            s.ackedAfterKillBy[key] = (s.ackedAfterKillBy[key] ?? 0) + 1;
            if (s.firstNewAck === null) {
              s.firstNewAck = { t, n, port: this.mode === 'sentinel' ? port : null };
              s.onRecovered();
            }
          }
        }
      } catch (err) {
        if (s.stop && /Connection is closed/.test(err.message)) break;
        s.errors++;
        const kind = errorKind(err.message);
        s.errorKinds[kind] = (s.errorKinds[kind] ?? 0) + 1;
        if (s.errorSamples.length < 5) s.errorSamples.push(err.message);
        if (s.t0 !== null) s.errorsAfterKill++;
      }
    }
  }
}

/** What a ledger's writers did, for the trial's result (everything but the lost writes). */
function ledgerFigures(ledger, writers) {
  const kinds = ledger.errorKinds;
  return {
    acked: ledger.acked.length,
    errors: ledger.errors,
    errorsAfterKill: ledger.errorsAfterKill,
    errorKinds: kinds,
    errorSamples: ledger.errorSamples,
    outcomeUnknown: kinds['outcome-unknown'] ?? 0,
    noReplicas: kinds.NOREPLICAS ?? 0,
    otherErrors: ledger.errors - (kinds['outcome-unknown'] ?? 0) - (kinds.NOREPLICAS ?? 0),
    connectionErrors: writers.reduce((a, w) => a + w.connectionErrors, 0),
    reconnects: writers.reduce((a, w) => a + w.reconnects, 0),
    ackedByOldPrimaryAfterKill: ledger.ackedByOldAfterKill,
    ackedAfterKillBy: ledger.ackedAfterKillBy,
  };
}

/** Reads every acknowledged key back from `port` (MGET, 1,000 keys at a time): the ns missing or wrong. */
async function readBack(port, acked, prefix) {
  const lost = [];
  const batch = 1000;
  for (let i = 0; i < acked.length; i += batch) {
    const ns = acked.slice(i, i + batch);
    const values = await sendCommand({ port, args: ['MGET', ...ns.map((n) => `${prefix}${n}`)], timeoutMs: 10_000 });
    if (!Array.isArray(values) || values.length !== ns.length) throw new Error(`MGET on ${port}: unexpected reply`);
    ns.forEach((n, j) => {
      if (values[j] !== String(n)) lost.push(n);
    });
  }
  return lost;
}

// ---------------------------------------------------------------------------------------------------------------
// One trial.

async function runTrial(side, trial, opts, ctx) {
  const dir = mkdtempSync(join(ctx.runDir, `${side}-${trial}-`));
  const cluster = {
    dir,
    nodes: [],
    sentinels: [],
    proxy: null,
    streams: [],
    launcher: ctx.launcher,
    verbose: trial === 1 && ctx.verbose,
  };
  const withProxy = side === 'understudy' && opts.proxy;
  const result = {
    side,
    trial,
    ok: false,
    clean: false,
    phase: 'setup',
    reason: null,
    failoverMs: null,
    switchMasterMs: null,
    switchMasterCount: 0,
    acked: 0,
    lost: null,
    lostSample: [],
    splitBrain: null,
    writerErrors: 0,
    /** The client through understudy-proxy (Understudy side only): its figures, as for the sentinel-mode one. */
    proxyClient: null,
    dir,
  };
  /** @type {LedgerWriter[]} */
  const writers = [];
  /** @type {LedgerWriter[]} */
  const proxyWriters = [];
  let recorder = null;
  let loops = [];
  const shared = newLedger('ledger:');
  const proxyLedger = withProxy ? newLedger('pledger:') : null;
  const ledgers = [shared, proxyLedger].filter(Boolean);
  const stopWriting = () => {
    for (const l of ledgers) l.stop = true;
  };
  try {
    const primary = await startNode(side, cluster, 'node0', opts, null);
    const each = (count, start) => Promise.all(Array.from({ length: count }, (_, i) => start(i)));
    await each(REPLICAS, (i) => startNode(side, cluster, `node${i + 1}`, opts, primary.port));
    await each(SENTINELS, (i) => startSentinel(side, cluster, `sentinel${i}`, opts, primary.port));
    result.ports = {
      nodes: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.port])),
      sentinels: Object.fromEntries(cluster.sentinels.map((s) => [s.name, s.port])),
    };
    if (withProxy) {
      result.ports.sentinelsGrpc = Object.fromEntries(cluster.sentinels.map((s) => [s.name, s.grpcPort]));
      const handle = await startSentinelProxy({
        sentinelGrpcPorts: cluster.sentinels.map((s) => s.grpcPort),
        log: cluster.verbose ? log : () => {},
      });
      cluster.proxy = { name: 'proxy', port: handle.port, managed: handle.managed, command: handle.command };
      recordOutput(handle.managed, join(cluster.dir, `proxy-${handle.port}.log`), cluster.streams);
      result.ports.proxy = handle.port;
    }
    if (cluster.verbose) {
      result.commands = [...cluster.nodes, ...cluster.sentinels, ...(cluster.proxy ? [cluster.proxy] : [])].map((p) => p.command);
    }
    result.topologyReadyMs = Math.round(await waitForTopology(cluster, primary));

    recorder = new EventRecorder(cluster.sentinels[0].port);
    const noReply = sleep(5000).then(() => Promise.reject(new Error('PSUBSCRIBE on a sentinel got no reply')));
    await Promise.race([recorder.subscribed, noReply]);
    const sentinelPorts = cluster.sentinels.map((s) => s.port);
    for (let i = 0; i < opts.writers; i++) writers.push(new LedgerWriter({ mode: 'sentinel', sentinelPorts, ledger: shared }));
    if (withProxy) proxyWriters.push(new LedgerWriter({ mode: 'proxy', proxyPort: cluster.proxy.port, ledger: proxyLedger }));
    await Promise.all([...writers, ...proxyWriters].map((w) => w.ready()));
    if (writers.some((w) => w.connectedPort !== primary.port)) {
      const ports = writers.map((w) => w.connectedPort);
      throw new Error(`an ioredis client connected to ${ports} instead of the primary ${primary.port}`);
    }
    if (withProxy) {
      // The proxy must route to the primary: its INFO replication, asked through the proxy, is the primary's.
      const info = parseInfo(await proxyWriters[0].client.info('replication'));
      const primaryInfo = await replicationInfo(primary.port);
      if (info.role !== 'master' || info.master_replid !== primaryInfo.master_replid) {
        throw new Error(`the proxy does not route to the primary ${primary.port}: INFO through it says role=${info.role}`);
      }
    }

    result.phase = 'writing';
    loops = [...writers, ...proxyWriters].map((w) => w.run());
    await sleep(opts.writeBeforeMs);
    result.ackedBeforeKill = shared.acked.length;
    if (proxyLedger) result.proxyAckedBeforeKill = proxyLedger.acked.length;

    result.phase = 'failover';
    const t0 = performance.now();
    for (const l of ledgers) {
      l.oldPrimaryPort = primary.port;
      l.minFailoverMs = opts.downAfterMs;
      l.t0 = t0;
    }
    primary.managed.child.kill('SIGKILL');
    primary.killed = true;

    let timer;
    const outcome = await Promise.race([
      Promise.all(ledgers.map((l) => l.recovered)).then(() => 'recovered'),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.recoveryTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (shared.firstNewAck) {
      result.failoverMs = shared.firstNewAck.t - t0;
      result.newPrimaryPort = shared.firstNewAck.port;
    } else result.failoverTimedOut = true;
    if (outcome === 'recovered') {
      await sleep(opts.writeAfterMs);
    } else {
      const which = [];
      if (!shared.firstNewAck) which.push('the sentinel-mode client');
      if (proxyLedger && !proxyLedger.firstNewAck) which.push('the client through the proxy');
      result.reason = `no write of ${which.join(' nor of ')} was acknowledged by a new primary within ${opts.recoveryTimeoutMs / 1000} s of the kill`;
    }

    // Stop the writers: the write in flight gets a moment to finish, then the clients are closed.
    stopWriting();
    await Promise.race([Promise.all(loops), sleep(3000)]);
    for (const w of [...writers, ...proxyWriters]) w.client.disconnect();
    await Promise.race([Promise.all(loops), sleep(2000)]);
    loops = [];

    result.phase = 'checking';
    // The sentinel watched may publish +switch-master late (redis: the leader when the replicas are reconfigured,
    // the others when they hear its hello): give it a while.
    for (const until = performance.now() + 10_000; recorder.of('+switch-master').length === 0 && performance.now() < until; ) {
      await sleep(50);
    }
    const switches = recorder.of('+switch-master');
    result.switchMasterCount = switches.length;
    if (switches.length > 0) result.switchMasterMs = switches[0].t - t0;
    const firstOf = (channel) => {
      const e = recorder.events.find((x) => x.channel === channel && x.t >= t0);
      return e ? Math.round(e.t - t0) : null;
    };
    const steps = ['+sdown', '+odown', '+try-failover', '+elected-leader', '+selected-slave', '+promoted-slave', '+switch-master'];
    result.sentinelEventsMs = Object.fromEntries(steps.map((c) => [c, firstOf(c)]));
    result.events = recorder.events.map((e) => ({ ms: Math.round(e.t - t0), channel: e.channel, message: e.message }));

    const state = await settle(cluster);
    const { masters, roles, named, agreed } = state;
    result.settle = { masters, roles, named, agreed, ms: Math.round(state.settleMs) };
    result.splitBrain = state.splitBrain;

    // Read the ledgers back from the primary the sentinels name (or the only live master).
    const namedPorts = Object.values(state.named).filter((v) => typeof v === 'number' && state.roles[v] === 'master');
    const readPort = state.agreed ? state.masters[0] : (namedPorts[0] ?? state.masters[0] ?? null);
    result.acked = shared.acked.length;
    if (readPort == null) {
      result.reason ??= `no live master to read the ledger from: ${JSON.stringify(result.settle)}`;
    } else {
      result.readFromPort = readPort;
      for (const l of ledgers) {
        const lost = await readBack(readPort, l.acked, l.prefix);
        const figures = { lost: lost.length, lostSample: lost.slice(0, 20) };
        if (lost.length > 0) {
          // When were the lost writes acknowledged, relative to the kill?
          const timeOf = new Map(l.acked.map((n, i) => [n, l.ackTimes[i]]));
          const ms = lost.map((n) => timeOf.get(n) - t0);
          figures.lostAckedMs = { first: Math.round(Math.min(...ms)), last: Math.round(Math.max(...ms)) };
        }
        if (l === shared) Object.assign(result, figures);
        else result.proxyLost = figures;
      }
    }
    if (!result.reason && !state.agreed) {
      result.reason = `the cluster did not settle on one primary: ${JSON.stringify(result.settle)}`;
    }
    result.phase = 'done';
    result.ok = !result.reason;
  } catch (err) {
    result.reason = `${result.phase}: ${err.message}`;
  } finally {
    stopWriting();
    for (const w of [...writers, ...proxyWriters]) w.client.disconnect();
    if (loops.length) await Promise.race([Promise.all(loops), sleep(2000)]);
    recorder?.close();
    const f = ledgerFigures(shared, writers);
    result.writerErrors = f.errors;
    result.writerErrorsAfterKill = f.errorsAfterKill;
    result.writerErrorKinds = f.errorKinds;
    result.writerErrorSamples = f.errorSamples;
    result.connectionErrors = f.connectionErrors;
    result.writerReconnects = f.reconnects;
    result.ackedByOldPrimaryAfterKill = f.ackedByOldPrimaryAfterKill;
    result.ackedAfterKillBy = f.ackedAfterKillBy;
    result.acked = f.acked;
    if (proxyLedger) {
      result.proxyClient = {
        failoverMs: proxyLedger.firstNewAck && proxyLedger.t0 !== null ? proxyLedger.firstNewAck.t - proxyLedger.t0 : null,
        failoverTimedOut: result.phase !== 'setup' && result.phase !== 'writing' && !proxyLedger.firstNewAck,
        lost: null,
        lostSample: [],
        ...(result.proxyLost ?? {}),
        ...ledgerFigures(proxyLedger, proxyWriters),
      };
      delete result.proxyLost;
    }
    await stopCluster(cluster);
    result.clean = result.ok && result.lost === 0 && !result.splitBrain && (!result.proxyClient || result.proxyClient.lost === 0);
    if (result.clean) {
      if (!opts.keepLogs) rmSync(dir, { recursive: true, force: true });
      result.dir = opts.keepLogs ? dir : null;
    }
  }
  return result;
}

function describeTrial(r) {
  const ms = (v) => (v == null ? '-' : `${Math.round(v)} ms`);
  const kindsOf = (k) =>
    Object.entries(k ?? {})
      .map(([kind, v]) => `${kind} ${v}`)
      .join(', ');
  const kinds = kindsOf(r.writerErrorKinds);
  let line =
    `${r.side} #${r.trial}: failover ${ms(r.failoverMs)} (+switch-master ${ms(r.switchMasterMs)}` +
    `${r.switchMasterCount > 1 ? `, ${r.switchMasterCount} switches` : ''}), ` +
    `${fmt.int(r.acked)} acked, lost ${r.lost ?? '?'}, writer errors ${r.writerErrors}${kinds ? ` (${kinds})` : ''}, ` +
    `masters after ${r.settle ? r.settle.masters.length : '?'}${r.splitBrain ? ' SPLIT BRAIN' : ''}`;
  const p = r.proxyClient;
  if (p) {
    const pk = kindsOf(p.errorKinds);
    line +=
      `\n    through the proxy: failover ${ms(p.failoverMs)}, ${fmt.int(p.acked)} acked, lost ${p.lost ?? '?'}, ` +
      `errors ${p.errors}${pk ? ` (${pk})` : ''}, reconnections ${p.reconnects}`;
    if (p.lost > 0) {
      const { first, last } = p.lostAckedMs;
      line += `\n    proxy client's lost writes were acknowledged ${first}..${last} ms from the kill; e.g. ${p.lostSample.slice(0, 5).join(', ')}`;
    }
    const other = Object.keys(p.errorKinds ?? {}).filter((k) => k !== 'outcome-unknown' && k !== 'NOREPLICAS');
    if (other.length) line += `\n    proxy client's errors: ${p.errorSamples.slice(0, 3).join(' | ')}`;
  }
  if (!r.ok) line += `\n    FAILED: ${r.reason}`;
  if (r.lost > 0) {
    const { first, last } = r.lostAckedMs;
    line += `\n    lost writes were acknowledged ${first}..${last} ms from the kill; e.g. ${r.lostSample.slice(0, 5).join(', ')}`;
  }
  if (!r.clean && r.dir) line += `\n    process output kept in ${r.dir}`;
  return line;
}

// ---------------------------------------------------------------------------------------------------------------
// Summary.

/** Median where a failover that never completed counts as infinitely long (null when there is no figure). */
function medianWithTimeouts(values) {
  const xs = values.filter((v) => v != null).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** One client's figures over the measured trials: `client(t)` picks its part of a trial's result. */
function summarizeClient(measured, client) {
  const cs = measured.map(client).filter(Boolean);
  const failover = cs.map((c) => (c.failoverMs != null ? c.failoverMs : c.failoverTimedOut ? Infinity : null));
  const finite = failover.filter((v) => v != null && Number.isFinite(v));
  const lostList = cs.map((c) => c.lost);
  const sum = (xs) => xs.reduce((a, v) => a + (v ?? 0), 0);
  return {
    trials: cs.length,
    failoverTimeouts: cs.filter((c) => c.failoverTimedOut).length,
    failoverMedianMs: medianWithTimeouts(failover),
    failoverMinMs: finite.length ? Math.min(...finite) : null,
    failoverMaxMs: failover.length ? Math.max(...failover.filter((v) => v != null)) : null,
    lostPerTrial: lostList,
    lostTotal: sum(lostList),
    trialsWithLoss: lostList.filter((v) => v == null || v > 0).length,
    errorsMedian: medianWithTimeouts(cs.map((c) => c.errors)),
    outcomeUnknownPerTrial: cs.map((c) => c.outcomeUnknown),
    outcomeUnknownTotal: sum(cs.map((c) => c.outcomeUnknown)),
    noReplicasPerTrial: cs.map((c) => c.noReplicas),
    noReplicasTotal: sum(cs.map((c) => c.noReplicas)),
    otherErrorsTotal: sum(cs.map((c) => c.otherErrors)),
    reconnectsPerTrial: cs.map((c) => c.reconnects),
    reconnectsTotal: sum(cs.map((c) => c.reconnects)),
    ackedMedian: medianWithTimeouts(cs.map((c) => c.acked)),
  };
}

/** The sentinel-mode client's part of a trial's result, in the shape of `proxyClient`. */
function sentinelClientOf(t) {
  const kinds = t.writerErrorKinds ?? {};
  return {
    failoverMs: t.failoverMs,
    failoverTimedOut: t.failoverTimedOut,
    lost: t.lost,
    acked: t.acked,
    errors: t.writerErrors,
    outcomeUnknown: kinds['outcome-unknown'] ?? 0,
    noReplicas: kinds.NOREPLICAS ?? 0,
    otherErrors: (t.writerErrors ?? 0) - (kinds['outcome-unknown'] ?? 0) - (kinds.NOREPLICAS ?? 0),
    reconnects: t.writerReconnects,
  };
}

function summarize(trials) {
  // Trials that failed before the kill (setup) say nothing about failover.
  const measured = trials.filter((t) => t.phase !== 'setup' && t.phase !== 'writing');
  const client = summarizeClient(measured, sentinelClientOf);
  const withProxy = measured.some((t) => t.proxyClient);
  return {
    trials: trials.length,
    measured: measured.length,
    setupFailures: trials.length - measured.length,
    failoverTimeouts: client.failoverTimeouts,
    failoverMedianMs: client.failoverMedianMs,
    failoverMinMs: client.failoverMinMs,
    failoverMaxMs: client.failoverMaxMs,
    switchMasterMedianMs: medianWithTimeouts(measured.map((t) => t.switchMasterMs)),
    lostPerTrial: client.lostPerTrial,
    lostTotal: client.lostTotal,
    trialsWithLoss: client.trialsWithLoss,
    splitBrainTrials: measured.filter((t) => t.splitBrain).length,
    unsettledTrials: measured.filter((t) => t.settle && !t.settle.agreed).length,
    secondFailoverTrials: measured.filter((t) => t.switchMasterCount > 1 || Object.keys(t.ackedAfterKillBy ?? {}).length > 1)
      .length,
    writerErrorsMedian: client.errorsMedian,
    ackedMedian: client.ackedMedian,
    sentinelClient: client,
    proxyClient: withProxy ? summarizeClient(measured, (t) => t.proxyClient) : null,
  };
}

function targetChecks(s) {
  const failover = (v) => (v == null ? '-' : Number.isFinite(v) ? `${Math.round(v)} ms` : 'no failover');
  const checks = [
    {
      what: `sentinel-mode client: median failover < ${TARGET_MEDIAN_MS} ms`,
      actual: failover(s.failoverMedianMs),
      ok: s.failoverMedianMs != null && s.failoverMedianMs < TARGET_MEDIAN_MS,
    },
    {
      what: 'sentinel-mode client: zero acknowledged writes lost in every trial',
      actual: `lost ${s.lostPerTrial.map((v) => v ?? '?').join(', ')}`,
      ok: s.measured > 0 && s.trialsWithLoss === 0,
    },
  ];
  const p = s.proxyClient;
  if (p) {
    checks.push(
      {
        what: `proxy client: median failover < ${TARGET_MEDIAN_MS} ms`,
        actual: failover(p.failoverMedianMs),
        ok: p.failoverMedianMs != null && p.failoverMedianMs < TARGET_MEDIAN_MS,
      },
      {
        what: 'proxy client: zero acknowledged writes lost in every trial',
        actual: `lost ${p.lostPerTrial.map((v) => v ?? '?').join(', ')}`,
        ok: p.trials > 0 && p.trialsWithLoss === 0,
      },
      {
        what: 'proxy client: at most one "may or may not have run" error per trial, no errors but NOREPLICAS otherwise',
        actual: `outcome unknown ${p.outcomeUnknownPerTrial.join(', ')}; NOREPLICAS ${p.noReplicasTotal}; other ${p.otherErrorsTotal}`,
        ok: p.trials > 0 && p.outcomeUnknownPerTrial.every((v) => v <= 1) && p.otherErrorsTotal === 0,
      },
      {
        what: 'proxy client: never reconnected',
        actual: `${p.reconnectsTotal} reconnection(s)`,
        ok: p.trials > 0 && p.reconnectsTotal === 0,
      },
    );
  }
  checks.push({ what: 'zero split brain', actual: `${s.splitBrainTrials} trial(s)`, ok: s.measured > 0 && s.splitBrainTrials === 0 });
  if (s.setupFailures > 0 || s.failoverTimeouts > 0 || (p && p.failoverTimeouts > 0)) {
    const actual =
      `${s.setupFailures} setup failure(s), ${s.failoverTimeouts} failover timeout(s)` +
      (p ? `, ${p.failoverTimeouts} of the proxy client` : '');
    checks.push({ what: 'every trial completed', actual, ok: false });
  }
  return checks;
}

function renderSummary(summaries, opts) {
  const ms = (v) => (v == null ? '-' : Number.isFinite(v) ? fmt.int(v) : '∞');
  const rows = [];
  for (const [side, s] of Object.entries(summaries)) {
    if (rows.length) rows.push(null);
    const clients = [['sentinel mode', s.sentinelClient]];
    if (s.proxyClient) clients.push(['via proxy', s.proxyClient]);
    clients.forEach(([name, c], i) => {
      // The cluster's own figures (+switch-master, split brain, second failover) on the first row only.
      const first = i === 0;
      rows.push([
        first ? side : '',
        name,
        `${c.trials}/${s.trials}`,
        ms(c.failoverMedianMs),
        ms(c.failoverMinMs),
        ms(c.failoverMaxMs),
        first ? ms(s.switchMasterMedianMs) : '',
        c.lostPerTrial.map((v) => v ?? '?').join(' '),
        fmt.int(c.lostTotal),
        first ? String(s.splitBrainTrials) : '',
        first ? String(s.secondFailoverTrials) : '',
        ms(c.errorsMedian),
        fmt.int(c.outcomeUnknownTotal),
        fmt.int(c.noReplicasTotal),
        fmt.int(c.otherErrorsTotal),
        fmt.int(c.reconnectsTotal),
        ms(c.ackedMedian),
      ]);
    });
  }
  const columns = [
    { title: 'side', align: 'left' },
    { title: 'client', align: 'left' },
    { title: 'trials' },
    { title: 'failover p50 ms' },
    { title: 'min' },
    { title: 'max' },
    { title: '+switch-master p50 ms' },
    { title: 'lost acked writes per trial', align: 'left' },
    { title: 'lost total' },
    { title: 'split brain' },
    { title: '2nd failover' },
    { title: 'errors p50' },
    { title: 'outcome unknown' },
    { title: 'NOREPLICAS' },
    { title: 'other errors' },
    { title: 'reconnections' },
    { title: 'acked p50' },
  ];
  return (
    `\nfailover: kill -9 of the primary -> first write acknowledged by the new primary, ` +
    `${opts.trials} trials per side, down-after-milliseconds ${opts.downAfterMs}, min-replicas-to-write ${opts.minReplicas}; ` +
    `ioredis in sentinel mode (${opts.writers} writer(s))` +
    `${opts.proxy && opts.only !== 'redis' ? ' and, on the Understudy side, one plain ioredis client through understudy-proxy' : ''}\n\n` +
    `${renderTable(columns, rows)}\n\n` +
    'errors p50: per trial; outcome unknown ("may or may not have run": the write in flight at the kill), NOREPLICAS,\n' +
    'other errors and reconnections (ioredis "reconnecting" events): totals over the trials.\n'
  );
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const { opts, exitCode } = optionsOrExit(parseCli, process.argv.slice(2), HELP);
  if (!opts) return exitCode;
  installCleanupHandlers((m) => process.stderr.write(`${m}\n`));
  const report = {
    tool: 'understudy scripts/bench/failover.mjs',
    startedAt: new Date().toISOString(),
    config: { ...opts, quorum: QUORUM, replicas: REPLICAS, sentinels: SENTINELS },
    environment: { node: process.version, cpuModel: os.cpus()[0]?.model, cpuCount: os.cpus().length },
    trials: [],
    summary: {},
    notes: [],
    error: null,
  };
  const runDir = mkdtempSync(join(tmpdir(), 'understudy-bench-failover-'));
  process.on('exit', () => {
    // Keep the run directory only when a trial's output was kept in it.
    try {
      if (readdirSync(runDir).length === 0) rmSync(runDir, { recursive: true, force: true });
    } catch {
      // already gone
    }
  });
  return runReported(report, opts.jsonPath, log, async () => {
    const sides = [];
    if (opts.only !== 'redis') sides.push('understudy');
    let launcher = null;
    if (opts.only !== 'understudy') {
      launcher = redisSentinelLauncher();
      if (launcher && which('redis-server')) {
        sides.push('redis');
        report.environment.redisSentinel = launcher.describe;
      } else {
        const note = 'redis-sentinel (or redis-server to run as one) is not installed: Understudy only';
        report.notes.push(note);
        log(note);
      }
    }
    if (sides.length === 0) throw new Error('nothing to measure');
    log(`${opts.trials} trial(s) per side, sides: ${sides.join(', ')}; process output of failed trials is kept under ${runDir}`);
    const ctx = { runDir, launcher, verbose: true };
    for (let trial = 1; trial <= opts.trials; trial++) {
      for (const side of sides) {
        const r = await runTrial(side, trial, opts, ctx);
        report.trials.push(r);
        log(describeTrial(r));
      }
    }

    for (const side of sides) report.summary[side] = summarize(report.trials.filter((t) => t.side === side));
    process.stdout.write(renderSummary(report.summary, opts));
    let missed = false;
    if (report.summary.understudy) {
      const checks = targetChecks(report.summary.understudy);
      report.summary.understudy.targets = checks;
      process.stdout.write('\nunderstudy targets:\n');
      for (const c of checks) {
        process.stdout.write(`  ${c.ok ? 'ok  ' : 'MISS'}  ${c.what}: ${c.actual}\n`);
        if (!c.ok) missed = true;
      }
    }
    const unclean = report.trials.filter((t) => !t.clean);
    if (unclean.length) {
      process.stdout.write(`\n${unclean.length} trial(s) failed, lost writes or split:\n`);
      for (const t of unclean) {
        const lost = [];
        if (t.lost) lost.push(`${t.lost} acknowledged writes of the sentinel-mode client lost`);
        if (t.proxyClient?.lost) lost.push(`${t.proxyClient.lost} acknowledged writes of the proxy client lost`);
        const what = t.reason ?? (t.splitBrain ? 'split brain' : lost.join(', '));
        process.stdout.write(`  ${t.side} #${t.trial}: ${what}${t.dir ? ` (output: ${t.dir})` : ''}\n`);
      }
    }
    for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
    return missed && opts.failOnMiss ? 2 : 0;
  });
}

runMain(main);
