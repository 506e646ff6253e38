// Starting, probing and stopping the two servers under test:
//   - the Understudy node (packages/node/bin/understudy-node.js), whose port is
//     read from its "Ready to accept connections … 127.0.0.1:<port>" log line;
//   - a real redis-server on a free port, ready once it answers PING;
//   - or an already-running server given by port (and optionally pid).
// Shared by redis-benchmark.mjs and pipe-load.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.mjs';
import { describeExit, spawnManaged, stopManaged } from './process-control.mjs';
import { parseInfo, sendCommand } from './resp-client.mjs';
import { splitWords } from './shell-words.mjs';

export const HOST = '127.0.0.1';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NODE_BIN = join(REPO_ROOT, 'packages', 'node', 'bin', 'understudy-node.js');
export const NODE_BASE_ARGS = ['--port', '0', '--save', '', '--appendonly', 'no'];

/**
 * @typedef {object} ServerHandle
 * @property {'understudy' | 'redis'} name
 * @property {number} port
 * @property {number | null} pid   process whose CPU time is sampled (null: unknown)
 * @property {boolean} owned       true if we started it (and must stop it)
 * @property {string[] | null} command
 * @property {import('./process-control.mjs').Managed | null} managed
 * @property {() => Promise<void>} stop
 */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Poll PING until the server answers PONG, the deadline passes, or
 * `exitedCheck()` reports that the process died.
 * @param {{ port: number, deadline: number, label: string, exitedCheck?: () => string | null }} o
 */
export async function waitForPing({ port, deadline, label, exitedCheck }) {
  let lastError = 'no attempt made';
  let delay = 20;
  while (true) {
    const dead = exitedCheck?.();
    if (dead) throw new Error(`${label} died before answering PING:\n  ${dead}`);
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      const reply = await sendCommand({ port, args: ['PING'], timeoutMs: Math.max(50, Math.min(1000, left)) });
      if (reply === 'PONG') return;
      lastError = `unexpected reply ${JSON.stringify(reply)}`;
    } catch (err) {
      lastError = err.message; // ECONNREFUSED while starting, -LOADING, …
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(delay * 2, 200);
  }
  throw new Error(`${label} on ${HOST}:${port} did not answer PING in time (last error: ${lastError})`);
}

const READY_RE = /Ready to accept connections/;
const ADDR_RE = /(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[?::1?\]?):(\d{1,5})\b/;

/** Extract the port from a "Ready to accept connections" log line, or null. */
export function portFromReadyLine(line) {
  if (!READY_RE.test(line)) return null;
  let text = line;
  try {
    const obj = JSON.parse(line); // pino JSON line: look at msg first
    if (obj && typeof obj.msg === 'string' && READY_RE.test(obj.msg)) text = obj.msg;
  } catch {
    // not JSON: use the raw line
  }
  const m = ADDR_RE.exec(text) ?? ADDR_RE.exec(line);
  if (!m) return null;
  const port = Number(m[1]);
  return port > 0 && port < 65536 ? port : null;
}

/**
 * Resolve with the port announced on the Ready line; reject if the process
 * exits first or the deadline passes.
 * @param {import('./process-control.mjs').Managed} m
 */
export function waitForReadyLine(m, deadline) {
  const timeoutS = Math.round((deadline - Date.now()) / 1000);
  return new Promise((resolvePort, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      m.lineListeners.delete(onLine);
    };
    const onLine = (line) => {
      const port = portFromReadyLine(line);
      if (port) {
        cleanup();
        resolvePort(port);
      }
    };
    for (const line of m.recentLines) {
      const port = portFromReadyLine(line);
      if (port) return resolvePort(port);
    }
    m.lineListeners.add(onLine);
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `${m.label} printed no "Ready to accept connections … 127.0.0.1:<port>" line within ` +
            `${timeoutS} s.\n  ${describeExit(m)}`,
        ),
      );
    }, Math.max(0, deadline - Date.now()));
    m.exitPromise.then(() => {
      cleanup();
      reject(new Error(`${m.label} exited before it was ready.\n  ${describeExit(m)}`));
    });
  });
}

function makeHandle(name, port, pid, managed, command) {
  return /** @type {ServerHandle} */ ({
    name,
    port,
    pid: pid ?? null,
    owned: Boolean(managed),
    command,
    managed,
    async stop() {
      if (managed) await stopManaged(managed);
    },
  });
}

/**
 * Start the Understudy node.
 * @param {{ nodeArgs?: string[], nodeBin?: string, cmd?: string | null, readyTimeoutMs?: number, log?: (s: string) => void }} o
 *   nodeBin: the node's entry script (default packages/node/bin/understudy-node.js).
 *   cmd: override command (e.g. "redis-server --port {port}"); `{port}` is
 *   replaced by a free port and readiness is detected by PING instead of the
 *   Ready line.
 * @returns {Promise<ServerHandle>}
 */
export async function startUnderstudy({
  nodeArgs = [],
  nodeBin = NODE_BIN,
  cmd = null,
  readyTimeoutMs = 20_000,
  log = () => {},
} = {}) {
  const deadline = Date.now() + readyTimeoutMs;
  if (cmd) {
    if (!cmd.includes('{port}')) {
      throw new Error(`--understudy-cmd must contain {port} (got: ${cmd})`);
    }
    return startWithRetry(async () => {
      const port = await freePort();
      const argv = splitWords(cmd).map((w) => w.replaceAll('{port}', String(port)));
      log(`starting understudy (override): ${formatArgv(argv)}`);
      const m = spawnManaged('understudy', argv[0], argv.slice(1), { cwd: REPO_ROOT });
      await waitForPing({
        port,
        deadline,
        label: 'understudy (override command)',
        exitedCheck: () => (m.exited ? describeExit(m) : null),
      }).catch(async (err) => {
        await stopManaged(m, 1000);
        throw err;
      });
      return makeHandle('understudy', port, m.pid, m, argv);
    }, deadline);
  }

  if (!existsSync(nodeBin)) {
    throw new Error(
      `Understudy node entry point not found: ${nodeBin}\n` +
        '  Build/write the node first, or bench another command with --understudy-cmd "… {port} …".',
    );
  }
  // Run the entry script as executing it would (its shebang's environment and Node flags), with this Node.
  const launch = shebangLaunch(nodeBin);
  const args = [...launch.nodeFlags, nodeBin, ...NODE_BASE_ARGS, ...nodeArgs];
  const envWords = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
  log(`starting understudy: ${formatArgv([...envWords, process.execPath, ...args])}`);
  const m = spawnManaged('understudy', process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...launch.env } });
  try {
    const port = await waitForReadyLine(m, deadline);
    await waitForPing({
      port,
      deadline: Math.max(deadline, Date.now() + 2000),
      label: 'understudy',
      exitedCheck: () => (m.exited ? describeExit(m) : null),
    });
    return makeHandle('understudy', port, m.pid, m, [process.execPath, ...args]);
  } catch (err) {
    await stopManaged(m, 1000);
    if (/ERR_MODULE_NOT_FOUND[\s\S]*\/dist\//.test(err.message)) {
      err.message += '\n  hint: the node is not built yet: run `pnpm build` at the repository root.';
    }
    throw err;
  }
}

/**
 * The environment assignments and Node flags of a script's shebang line, as `env -S` would apply them:
 *   #!/usr/bin/env -S NAME=value node --flag   or   #!/usr/bin/node --flag
 * Nothing when the script has no shebang or its interpreter is not node.
 * @returns {{ env: Record<string, string>, nodeFlags: string[] }}
 */
export function shebangLaunch(script) {
  const none = { env: {}, nodeFlags: [] };
  const first = readFileSync(script, 'utf8').split('\n', 1)[0];
  if (!first.startsWith('#!')) return none;
  const words = splitWords(first.slice(2));
  if (words[0]?.endsWith('/env')) {
    words.shift();
    if (words[0] === '-S' || words[0] === '--split-string') words.shift();
  }
  const env = {};
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift().split('=');
    env[name] = value.join('=');
  }
  const interpreter = words.shift();
  if (interpreter !== 'node' && !interpreter?.endsWith('/node')) return none;
  return { env, nodeFlags: words };
}

/**
 * Start a real redis-server on a free port.
 * @param {{ bin?: string, extraArgs?: string[], readyTimeoutMs?: number, log?: (s: string) => void }} o
 * @returns {Promise<ServerHandle>}
 */
export async function startRedis({ bin = 'redis-server', extraArgs = [], readyTimeoutMs = 20_000, log = () => {} } = {}) {
  const deadline = Date.now() + readyTimeoutMs;
  return startWithRetry(async () => {
    const port = await freePort();
    const args = [
      '--port', String(port),
      '--bind', HOST,
      '--save', '',
      '--appendonly', 'no',
      '--daemonize', 'no',
      ...extraArgs,
    ];
    log(`starting redis: ${formatArgv([bin, ...args])}`);
    const m = spawnManaged('redis-server', bin, args, { cwd: REPO_ROOT });
    await waitForPing({
      port,
      deadline,
      label: 'redis-server',
      exitedCheck: () => (m.exited ? describeExit(m) : null),
    }).catch(async (err) => {
      await stopManaged(m, 1000);
      throw err;
    });
    return makeHandle('redis', port, m.pid, m, [bin, ...args]);
  }, deadline);
}

/**
 * The free port may be taken between probing and the server binding it: when
 * the process dies early, try again (up to 3 attempts, same deadline).
 */
async function startWithRetry(attempt, deadline) {
  let lastErr;
  for (let i = 0; i < 3; i++) {
    try {
      return await attempt();
    } catch (err) {
      lastErr = err;
      const diedEarly = /died before answering PING/.test(err.message);
      if (!diedEarly || !/address already in use|EADDRINUSE|bind/i.test(err.message) || Date.now() >= deadline) {
        throw err;
      }
    }
  }
  throw lastErr;
}

/**
 * Use a server that is already running (not started, never stopped by us).
 * When `pid` is not given it is taken from INFO server's process_id.
 * @returns {Promise<ServerHandle>}
 */
export async function attachExisting({ name, port, pid = null, readyTimeoutMs = 5000 }) {
  await waitForPing({ port, deadline: Date.now() + readyTimeoutMs, label: `${name} (existing)` });
  let resolvedPid = pid;
  if (!resolvedPid) {
    try {
      const info = parseInfo(await sendCommand({ port, args: ['INFO', 'server'] }));
      const p = Number(info.process_id);
      if (Number.isInteger(p) && p > 0 && existsSync(`/proc/${p}`)) resolvedPid = p;
    } catch {
      // unknown pid: CPU figures will be missing
    }
  }
  return makeHandle(name, port, resolvedPid, null, null);
}

/** Best-effort INFO server fields (version, pid…) for the report; {} on failure. */
export async function serverInfo(handle) {
  try {
    return parseInfo(await sendCommand({ port: handle.port, args: ['INFO', 'server'], timeoutMs: 3000 }));
  } catch {
    return {};
  }
}

/** FLUSHALL; resolves to null on success or the error message. */
export async function flushAll(handle) {
  try {
    await sendCommand({ port: handle.port, args: ['FLUSHALL'], timeoutMs: 60_000 });
    return null;
  } catch (err) {
    return err.message;
  }
}

export function formatArgv(argv) {
  return argv.map((a) => (a === '' ? '""' : /[\s"'\\$`]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}
