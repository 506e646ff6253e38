// Sentinels for failover.mjs: starting an Understudy sentinel (packages/sentinel/bin/understudy-sentinel.js) or a
// real redis-sentinel, asking them what they know (SENTINEL MASTER / REPLICAS / GET-MASTER-ADDR-BY-NAME), and
// recording the events they publish (+sdown, +odown, +switch-master...) on one monotonic clock; and starting an
// understudy-proxy that follows Understudy sentinels (--sentinels with their gRPC ports).
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from './ports.mjs';
import { describeExit, spawnManaged, stopManaged } from './process-control.mjs';
import { encodeCommand, parseReply, RespError, sendCommand } from './resp-client.mjs';
import { formatArgv, HOST, portFromReadyLine, REPO_ROOT, shebangLaunch, waitForPing } from './servers.mjs';
import { which } from './which.mjs';

export const SENTINEL_BIN = join(REPO_ROOT, 'packages', 'sentinel', 'bin', 'understudy-sentinel.js');
export const PROXY_BIN = join(REPO_ROOT, 'packages', 'proxy', 'bin', 'understudy-proxy.js');
export const MASTER_NAME = 'mymaster';

/**
 * @typedef {object} SentinelHandle
 * @property {'understudy' | 'redis'} kind
 * @property {number} port
 * @property {number | null} [grpcPort] the gRPC port an Understudy sentinel announced on its Ready line (the proxy's
 *   --sentinels take these)
 * @property {import('./process-control.mjs').Managed} managed
 * @property {string[]} command
 */

/**
 * The ports of a Ready line (a sentinel's or the proxy's): the pino line's `port` field (and `grpcPort`, when it
 * has one), else the `127.0.0.1:<port>` of its text; null when `line` is not a Ready line.
 * @returns {{ port: number, grpcPort: number | null } | null}
 */
export function readyPorts(line) {
  if (!/Ready to accept connections/.test(line)) return null;
  try {
    const obj = JSON.parse(line);
    if (Number.isInteger(obj?.port) && obj.port > 0) {
      return { port: obj.port, grpcPort: Number.isInteger(obj.grpcPort) && obj.grpcPort > 0 ? obj.grpcPort : null };
    }
  } catch {
    // not JSON
  }
  const port = portFromReadyLine(line);
  return port ? { port, grpcPort: null } : null;
}

/** Resolves with the ports of the Ready line; rejects when the process exits first or the deadline passes. */
export function waitForReady(m, deadline) {
  return new Promise((resolve, reject) => {
    for (const line of m.recentLines) {
      const ports = readyPorts(line);
      if (ports) return resolve(ports);
    }
    const done = () => {
      clearTimeout(timer);
      m.lineListeners.delete(onLine);
    };
    const onLine = (line) => {
      const ports = readyPorts(line);
      if (ports) {
        done();
        resolve(ports);
      }
    };
    m.lineListeners.add(onLine);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${m.label} printed no "Ready to accept connections" line in time.\n  ${describeExit(m)}`));
    }, Math.max(0, deadline - Date.now()));
    m.exitPromise.then(() => {
      done();
      reject(new Error(`${m.label} exited before it was ready.\n  ${describeExit(m)}`));
    });
  });
}

/**
 * Starts an Understudy sentinel on free ports (`--port 0 --grpc-port 0`), monitoring `masterPort`.
 * @returns {Promise<SentinelHandle>}
 */
export async function startUnderstudySentinel(o) {
  const { label, masterPort, quorum, downAfterMs, failoverTimeoutMs, readyTimeoutMs = 20_000, log = () => {} } = o;
  if (!existsSync(SENTINEL_BIN)) throw new Error(`Understudy sentinel entry point not found: ${SENTINEL_BIN}`);
  const launch = shebangLaunch(SENTINEL_BIN);
  const args = [
    ...launch.nodeFlags,
    SENTINEL_BIN,
    '--port', '0',
    '--grpc-port', '0',
    '--bind', HOST,
    '--monitor', `${MASTER_NAME} ${HOST} ${masterPort} ${quorum}`,
    '--down-after-milliseconds', String(downAfterMs),
    '--failover-timeout', String(failoverTimeoutMs),
  ];
  log(`starting ${label}: ${formatArgv([process.execPath, ...args])}`);
  const m = spawnManaged(label, process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...launch.env } });
  const deadline = Date.now() + readyTimeoutMs;
  try {
    const { port, grpcPort } = await waitForReady(m, deadline);
    const exitedCheck = () => (m.exited ? describeExit(m) : null);
    await waitForPing({ port, deadline: Math.max(deadline, Date.now() + 2000), label, exitedCheck });
    return { kind: 'understudy', port, grpcPort, managed: m, command: [process.execPath, ...args] };
  } catch (err) {
    await stopManaged(m, 1000);
    throw err;
  }
}

/**
 * Starts understudy-proxy on a free port following Understudy sentinels: `--port 0 --sentinels HOST:GRPC,...
 * --master-name mymaster` (the sentinels' gRPC ports, from their Ready lines). Ready once its Ready line is out
 * and a PING through it answers PONG.
 * @returns {Promise<{ port: number, managed: import('./process-control.mjs').Managed, command: string[] }>}
 */
export async function startSentinelProxy(o) {
  const { label = 'understudy-proxy', sentinelGrpcPorts, extraArgs = [], readyTimeoutMs = 20_000, log = () => {} } = o;
  if (!existsSync(PROXY_BIN)) throw new Error(`understudy-proxy entry point not found: ${PROXY_BIN}`);
  if (sentinelGrpcPorts.length === 0 || sentinelGrpcPorts.some((p) => !Number.isInteger(p))) {
    throw new Error(`the proxy needs the sentinels' gRPC ports, got ${JSON.stringify(sentinelGrpcPorts)}`);
  }
  const launch = shebangLaunch(PROXY_BIN);
  const args = [
    ...launch.nodeFlags,
    PROXY_BIN,
    '--port', '0',
    '--sentinels', sentinelGrpcPorts.map((p) => `${HOST}:${p}`).join(','),
    '--master-name', MASTER_NAME,
    ...extraArgs,
  ];
  log(`starting ${label}: ${formatArgv([process.execPath, ...args])}`);
  const m = spawnManaged(label, process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...launch.env } });
  const deadline = Date.now() + readyTimeoutMs;
  try {
    const { port } = await waitForReady(m, deadline);
    const exitedCheck = () => (m.exited ? describeExit(m) : null);
    await waitForPing({ port, deadline: Math.max(deadline, Date.now() + 2000), label, exitedCheck });
    return { port, managed: m, command: [process.execPath, ...args] };
  } catch (err) {
    await stopManaged(m, 1000);
    throw err;
  }
}

/** How to run redis-sentinel here: `redis-sentinel CONF`, or `redis-server CONF --sentinel` (the same binary); null if neither. */
export function redisSentinelLauncher() {
  const sentinel = which('redis-sentinel');
  if (sentinel) return { bin: sentinel, args: (conf) => [conf], describe: 'redis-sentinel' };
  const server = which('redis-server');
  if (server) return { bin: server, args: (conf) => [conf, '--sentinel'], describe: 'redis-server --sentinel' };
  return null;
}

/**
 * Starts a real redis-sentinel with its own config file in `dir` (redis-sentinel rewrites it, so it must be
 * writable), on a free port (retried on a new one if it could not bind).
 * @returns {Promise<SentinelHandle>}
 */
export async function startRedisSentinel(o) {
  const { label, launcher, dir, masterPort, quorum, downAfterMs, failoverTimeoutMs, readyTimeoutMs = 20_000, log = () => {} } = o;
  const deadline = Date.now() + readyTimeoutMs;
  let lastErr;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const conf = join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      conf,
      [
        `port ${port}`,
        `bind ${HOST}`,
        `dir ${dirname(conf)}`,
        'daemonize no',
        `sentinel monitor ${MASTER_NAME} ${HOST} ${masterPort} ${quorum}`,
        `sentinel down-after-milliseconds ${MASTER_NAME} ${downAfterMs}`,
        `sentinel failover-timeout ${MASTER_NAME} ${failoverTimeoutMs}`,
        '',
      ].join('\n'),
    );
    const args = launcher.args(conf);
    log(`starting ${label}: ${formatArgv([launcher.bin, ...args])}`);
    const m = spawnManaged(label, launcher.bin, args, { cwd: dir });
    try {
      await waitForPing({ port, deadline, label, exitedCheck: () => (m.exited ? describeExit(m) : null) });
      return { kind: 'redis', port, managed: m, command: [launcher.bin, ...args] };
    } catch (err) {
      await stopManaged(m, 1000);
      lastErr = err;
      if (!/died before answering PING/.test(err.message) || !/in use|bind/i.test(err.message)) throw err;
    }
  }
  throw lastErr;
}

/** A flat [k1, v1, k2, v2...] reply (RESP2) or a map (RESP3 parsed as pairs) as an object. */
export function pairs(reply) {
  const out = {};
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) out[reply[i]] = reply[i + 1];
  return out;
}

/** SENTINEL MASTER mymaster, as an object (num-other-sentinels, num-slaves, flags...). */
export async function sentinelMaster(port, timeoutMs = 1000) {
  return pairs(await sendCommand({ port, args: ['SENTINEL', 'MASTER', MASTER_NAME], timeoutMs }));
}

/** SENTINEL REPLICAS mymaster, as objects (ip, port, flags, master-link-status...). */
export async function sentinelReplicas(port, timeoutMs = 1000) {
  const reply = await sendCommand({ port, args: ['SENTINEL', 'REPLICAS', MASTER_NAME], timeoutMs });
  return Array.isArray(reply) ? reply.map(pairs) : [];
}

/** SENTINEL GET-MASTER-ADDR-BY-NAME mymaster: the port it names (the host is always 127.0.0.1 here), or null. */
export async function namedPrimaryPort(port, timeoutMs = 1000) {
  const reply = await sendCommand({ port, args: ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME], timeoutMs });
  return Array.isArray(reply) && reply.length === 2 ? Number(reply[1]) : null;
}

/**
 * A connection subscribed to every channel of a sentinel (PSUBSCRIBE *): each event published is kept with
 * the time it was read (performance.now()), so the +switch-master a client could act on can be timed.
 */
export class EventRecorder {
  constructor(port, { maxEvents = 500 } = {}) {
    this.port = port;
    this.maxEvents = maxEvents;
    /** @type {{ t: number, channel: string, message: string }[]} */
    this.events = [];
    this.dropped = 0;
    this.buffer = Buffer.alloc(0);
    this.socket = net.createConnection({ port, host: HOST });
    this.socket.setNoDelay(true);
    this.socket.on('error', () => {}); // the sentinel stopping at the end of a trial
    this.subscribed = new Promise((resolve, reject) => {
      this.onSubscribed = resolve;
      this.socket.once('error', reject);
    });
    this.socket.on('connect', () => this.socket.write(encodeCommand(['PSUBSCRIBE', '*'])));
    this.socket.on('data', (chunk) => this.read(chunk));
  }

  read(chunk) {
    const t = performance.now();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let pos = 0;
    for (let parsed = parseReply(this.buffer, pos); parsed; parsed = parseReply(this.buffer, pos)) {
      pos = parsed.next;
      const v = parsed.value;
      if (v instanceof RespError) continue;
      if (Array.isArray(v) && v[0] === 'psubscribe') this.onSubscribed();
      else if (Array.isArray(v) && v[0] === 'pmessage') {
        if (this.events.length < this.maxEvents) this.events.push({ t, channel: String(v[2]), message: String(v[3]) });
        else this.dropped++;
      }
    }
    this.buffer = this.buffer.subarray(pos);
  }

  /** The events whose channel is `channel`. */
  of(channel) {
    return this.events.filter((e) => e.channel === channel);
  }

  close() {
    this.socket.destroy();
  }
}
