import { SYNTAX } from '../errors.js';
import type { Client } from '../server/client.js';
import type { Command } from './command-table.js';
import { helpSubcommand } from './command-info.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/** CONFIG GET/SET/RESETSTAT/REWRITE/HELP (config.c); the values live in src/config's ConfigStore. */

/**
 * Whether a client connects from this machine (Redis's islocalClient: loopback or unix socket), which
 * `enable-protected-configs local` requires. Internal clients (log replay) are the server itself.
 */
export function isLocalClient(client: Client): boolean {
  const transport = client.transport;
  if (!transport) return true;
  const address = transport.remoteAddress;
  const colon = address.lastIndexOf(':');
  let host = colon === -1 ? address : address.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host === '127.0.0.1' || host === '::1';
}

/** CONFIG GET pattern [pattern ...]: a map of every matching name (each once) to its value. */
function configGet(client: Client, args: string[]): void {
  const matches = client.node.config.getMatching(args.slice(2));
  const out = client.reply;
  out.mapHeader(matches.length);
  for (const [name, value] of matches) {
    out.bulk(name);
    out.bulk(value);
  }
}

/** CONFIG SET name value [name value ...]: all or nothing, listeners applying the changes. */
function configSet(client: Client, args: string[]): void {
  if (args.length % 2 === 1) return client.error(SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < args.length; i += 2) pairs.push([args[i]!, args[i + 1]!]);
  const failure = client.node.config.set(pairs, { localClient: isLocalClient(client) });
  if (failure !== null) return client.error(failure);
  client.reply.simple('OK');
}

function resetCommandStats(command: Command): void {
  command.stats = { calls: 0, usec: 0, rejected: 0, failed: 0 };
  if (command.subcommands) for (const sub of command.subcommands.values()) resetCommandStats(sub);
}

/** CONFIG RESETSTAT: server counters, per-command statistics and error statistics back to zero. */
function configResetStat(client: Client): void {
  const node = client.node;
  node.stats.reset();
  for (const command of node.commands.all()) resetCommandStats(command);
  client.reply.simple('OK');
}

/**
 * CONFIG REWRITE rewrites the file the server was started with. The node does not record a config file
 * (it loads its directives through src/config/server-args.ts and keeps no path), so every node runs
 * "without a config file" in Redis's terms.
 */
function configRewrite(client: Client): void {
  client.error('ERR The server is running without a config file');
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const server = { group: 'server', ...NO_KEYS } as const;
const adminFlags = ['admin', 'noscript', 'loading', 'stale'] as const;

const subcommands: CommandSpec[] = [
  {
    ...server,
    name: 'get',
    arity: -3,
    flags: adminFlags,
    summary: 'Get the values of configuration parameters',
    since: '2.0.0',
    complexity: 'O(N) when N is the number of configuration parameters provided',
    handler: configGet,
  },
  {
    ...server,
    name: 'set',
    arity: -4,
    flags: adminFlags,
    summary: 'Set configuration parameters to the given values',
    since: '2.0.0',
    complexity: 'O(N) when N is the number of configuration parameters provided',
    handler: configSet,
  },
  {
    ...server,
    name: 'resetstat',
    arity: 2,
    flags: adminFlags,
    summary: 'Reset the stats returned by INFO',
    since: '2.0.0',
    complexity: 'O(1)',
    handler: configResetStat,
  },
  {
    ...server,
    name: 'rewrite',
    arity: 2,
    flags: adminFlags,
    summary: 'Rewrite the configuration file with the in memory configuration',
    since: '2.8.0',
    complexity: 'O(1)',
    handler: configRewrite,
  },
  helpSubcommand({ ...server, since: '5.0.0', complexity: 'O(1)' }, CONFIG_HELP),
];

export const configCommands: CommandFamily = [
  {
    ...server,
    name: 'config',
    arity: -2,
    flags: [],
    summary: 'A container for server configuration commands',
    since: '2.0.0',
    complexity: 'Depends on subcommand.',
    subcommands,
  },
];
