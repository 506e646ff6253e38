// Child-process lifecycle: spawn children we own, remember them, and make sure
// every one of them is gone when the script ends — normally, on error, or on
// SIGINT/SIGTERM/SIGHUP. Only processes spawned here are ever signalled, by pid.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** @typedef {{ code: number | null, signal: string | null, error?: Error }} ExitInfo */

/**
 * @typedef {object} Managed
 * @property {string} label
 * @property {import('node:child_process').ChildProcess} child
 * @property {number | undefined} pid
 * @property {string[]} recentLines last output lines (stdout+stderr), for error messages
 * @property {Set<(line: string) => void>} lineListeners
 * @property {ExitInfo | null} exited
 * @property {Promise<ExitInfo>} exitPromise
 */

/** @type {Set<Managed>} */
const live = new Set();
const RECENT_LINES = 40;

/**
 * Spawn a child with captured stdout/stderr (split into lines, the last few
 * kept). The output is always drained so a chatty server never blocks on a
 * full pipe.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, keepOutput?: boolean, keepStdin?: boolean }} [opts]
 *   keepOutput: also accumulate the full stdout/stderr text (for short-lived tools);
 *   keepStdin: leave stdin open for the caller to write (otherwise it is closed).
 * @returns {Managed & { stdout: string, stderr: string }}
 */
export function spawnManaged(label, command, args, opts = {}) {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  /** @type {Managed & { stdout: string, stderr: string }} */
  const m = {
    label,
    child,
    pid: child.pid,
    recentLines: [],
    lineListeners: new Set(),
    exited: null,
    exitPromise: /** @type {Promise<ExitInfo>} */ (/** @type {unknown} */ (undefined)),
    stdout: '',
    stderr: '',
  };
  m.exitPromise = new Promise((resolve) => {
    child.once('error', (error) => {
      // spawn failure (e.g. ENOENT): no 'exit' event will follow
      if (child.pid === undefined) {
        m.exited = { code: null, signal: null, error };
        live.delete(m);
        resolve(m.exited);
      }
    });
    child.once('exit', (code, signal) => {
      m.exited = { code, signal };
      live.delete(m);
      resolve(m.exited);
    });
  });
  // stdin is a pipe so callers (redis-cli --pipe) can feed it; ignore EPIPE.
  child.stdin.on('error', () => {});
  if (!opts.keepStdin) child.stdin.end();
  for (const [stream, key] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ]) {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      if (opts.keepOutput) m[key] += chunk;
      const text = partial + chunk;
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(m, line);
    });
    stream.on('end', () => {
      if (partial) onLine(m, partial);
      partial = '';
    });
  }
  live.add(m);
  return m;
}

function onLine(m, rawLine) {
  const line = rawLine.replace(/\r$/, '');
  m.recentLines.push(line);
  if (m.recentLines.length > RECENT_LINES) m.recentLines.shift();
  for (const fn of m.lineListeners) fn(line);
}

/** Wait until the child's output streams are finished (after exit). */
export async function waitForOutput(m) {
  const waits = [];
  for (const s of [m.child.stdout, m.child.stderr]) {
    if (s && !s.readableEnded && !s.destroyed) waits.push(once(s, 'close').catch(() => {}));
  }
  await Promise.all(waits);
}

/** Describe how a child ended, plus its last output lines. */
export function describeExit(m) {
  const e = m.exited;
  let how = 'is still running';
  if (e?.error) how = `could not be started: ${e.error.message}`;
  else if (e) how = e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
  const tail = m.recentLines.slice(-15).map((l) => `    | ${l}`).join('\n');
  return `${m.label} (pid ${m.pid ?? '?'}) ${how}${tail ? `\n  last output:\n${tail}` : ''}`;
}

/**
 * Stop a child: SIGTERM, then SIGKILL after `graceMs`.
 * @param {Managed} m
 */
export async function stopManaged(m, graceMs = 5000) {
  if (m.exited) return m.exited;
  try {
    m.child.kill('SIGTERM');
  } catch {
    // already gone
  }
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const first = await Promise.race([m.exitPromise, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout' && !m.exited) {
    try {
      m.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  return m.exitPromise;
}

/** Stop every child spawned through spawnManaged that is still running. */
export async function stopAll(graceMs = 5000) {
  await Promise.all([...live].map((m) => stopManaged(m, graceMs)));
}

let installed = false;
let signalled = null;

/** The signal being handled (e.g. "SIGINT"), or null. Lets callers stay quiet about the errors it causes. */
export function stoppingOnSignal() {
  return signalled;
}

/**
 * Install signal and exit handlers that stop all children. On a signal the
 * process then exits with 128+signo. Call once per script.
 * @param {(msg: string) => void} [log]
 */
export function installCleanupHandlers(log = (msg) => process.stderr.write(`${msg}\n`)) {
  if (installed) return;
  installed = true;
  // A closed stdout/stderr (e.g. `| head`) must not crash us before cleanup.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  let stopping = false;
  for (const [sig, code] of Object.entries(codes)) {
    process.on(sig, () => {
      if (stopping) {
        // second signal: stop waiting politely
        for (const m of live) m.child.kill('SIGKILL');
        process.exit(code);
      }
      stopping = true;
      signalled = sig;
      log(`\n${sig} received: stopping ${live.size} child process(es)…`);
      // Give the script's own finally blocks (e.g. writing partial JSON) a moment, then exit.
      stopAll(2000).finally(() => setTimeout(() => process.exit(code), 100));
    });
  }
  // Last resort (synchronous): whatever is still alive when we exit gets SIGKILL.
  process.on('exit', () => {
    for (const m of live) {
      try {
        m.child.kill('SIGKILL');
      } catch {
        // ignore
      }
    }
  });
}
