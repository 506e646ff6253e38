// Command-line options shared by the bench scripts for choosing and starting
// the servers under test, and the code that acts on them.
import { resolve } from 'node:path';
import { splitWords } from './shell-words.mjs';
import { intOption, UsageError } from './cli-utils.mjs';
import { attachExisting, startRedis, startUnderstudy } from './servers.mjs';
import { which } from './which.mjs';

/** util.parseArgs option definitions. */
export const serverOptionDefs = {
  only: { type: 'string' },
  'node-args': { type: 'string', default: '' },
  'node-bin': { type: 'string' },
  'understudy-cmd': { type: 'string' },
  'port-understudy': { type: 'string' },
  'pid-understudy': { type: 'string' },
  'redis-args': { type: 'string', default: '' },
  'port-redis': { type: 'string' },
  'pid-redis': { type: 'string' },
  'ready-timeout': { type: 'string', default: '20' },
};

export const serverOptionsHelp = `Server selection:
  --only understudy|redis     bench one side only (default: both; redis is
                              skipped with a note when redis-server is not on PATH)
  --node-args "ARGS"          extra arguments for the Understudy node, appended to
                              --port 0 --save "" --appendonly no
                              (use --node-args="--flag value" when ARGS starts with -)
  --node-bin FILE             the node's entry script, run with this Node binary
                              (default packages/node/bin/understudy-node.js)
  --understudy-cmd "CMD"      run CMD instead of the node; "{port}" is replaced by a
                              free port and readiness is checked with PING, e.g.
                              --understudy-cmd "redis-server --port {port} --save ''"
  --port-understudy PORT      use an already-running Understudy on PORT (not stopped)
  --pid-understudy PID        its pid for CPU sampling (default: INFO server process_id)
  --redis-args "ARGS"         extra arguments for redis-server
  --port-redis PORT           use an already-running redis on PORT (not stopped)
  --pid-redis PID             its pid for CPU sampling (default: INFO server process_id)
  --ready-timeout SECONDS     startup deadline per server (default 20)`;

/**
 * Start (or attach to) the selected servers. The caller must stop them
 * (stopAll / handle.stop) in a finally block.
 * @returns {Promise<{ servers: import('./servers.mjs').ServerHandle[], notes: string[] }>}
 */
export async function startSelectedServers(values, log) {
  const only = values.only;
  if (only !== undefined && only !== 'understudy' && only !== 'redis') {
    throw new UsageError(`--only must be "understudy" or "redis" (got ${JSON.stringify(only)})`);
  }
  const readyTimeoutMs = intOption('ready-timeout', values['ready-timeout']) * 1000;
  const notes = [];
  const servers = [];

  if (only !== 'redis') {
    if (values['port-understudy']) {
      const port = intOption('port-understudy', values['port-understudy']);
      const pid = values['pid-understudy'] ? intOption('pid-understudy', values['pid-understudy']) : null;
      servers.push(await attachExisting({ name: 'understudy', port, pid, readyTimeoutMs }));
    } else {
      servers.push(
        await startUnderstudy({
          nodeArgs: splitWords(values['node-args'] ?? ''),
          nodeBin: values['node-bin'] ? resolve(values['node-bin']) : undefined,
          cmd: values['understudy-cmd'] ?? null,
          readyTimeoutMs,
          log,
        }),
      );
    }
  }

  if (only !== 'understudy') {
    if (values['port-redis']) {
      const port = intOption('port-redis', values['port-redis']);
      const pid = values['pid-redis'] ? intOption('pid-redis', values['pid-redis']) : null;
      servers.push(await attachExisting({ name: 'redis', port, pid, readyTimeoutMs }));
    } else {
      const bin = which('redis-server');
      if (bin) {
        servers.push(
          await startRedis({ bin, extraArgs: splitWords(values['redis-args'] ?? ''), readyTimeoutMs, log }),
        );
      } else if (only === 'redis') {
        throw new Error('--only redis given but `redis-server` is not on PATH (apt-get install -y redis-server).');
      } else {
        notes.push('redis-server is not on PATH: benchmarking Understudy alone (no ratios).');
      }
    }
  }

  for (const s of servers) {
    if (!s.pid) notes.push(`${s.name}: pid unknown, CPU per request will not be reported.`);
  }
  return { servers, notes };
}
