import { EXECABORT } from '../errors.js';
import type { Client } from '../server/client.js';
import { FIRST_KEY, NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/**
 * MULTI / EXEC / DISCARD / WATCH / UNWATCH (multi.c). The dispatcher queues commands while client.multi is
 * set and flags client.multiError when it rejects one; EXEC runs the queue through the dispatcher as one
 * atomic unit of the effect log. While EXEC runs its commands client.multi stays set (Redis keeps
 * CLIENT_MULTI until the end of EXEC): a handler that sees it set is running inside EXEC and must not block.
 */

/** discardTransaction: leave MULTI, forget the errors and every watched key. */
function discardTransaction(client: Client): void {
  client.multi = null;
  client.multiError = false;
  client.node.watches.unwatchAll(client);
}

function multi(client: Client): void {
  if (client.multi !== null) return client.error('ERR MULTI calls can not be nested');
  client.multi = [];
  client.reply.simple('OK');
}

function discard(client: Client): void {
  if (client.multi === null) return client.error('ERR DISCARD without MULTI');
  discardTransaction(client);
  client.reply.simple('OK');
}

function exec(client: Client): void {
  const queued = client.multi;
  if (queued === null) return client.error('ERR EXEC without MULTI');
  const node = client.node;
  if (node.watches.expiredSinceWatch(client)) client.dirtyCas = true;
  if (client.multiError || client.dirtyCas) {
    if (client.multiError) client.error(EXECABORT);
    else client.reply.nullArray();
    discardTransaction(client);
    return;
  }
  const dispatcher = node.dispatcher;
  // Unwatch first: the transaction's own writes must not mark this client dirty.
  node.watches.unwatchAll(client);
  client.reply.arrayHeader(queued.length);
  node.log.beginTransaction();
  try {
    for (const args of queued) {
      // Queued commands were resolved and arity-checked when queued; resolve again to get the Command.
      const command = dispatcher.resolve(args);
      if (typeof command === 'string') client.error(command);
      else dispatcher.call(client, command, args);
    }
  } finally {
    node.log.endTransaction();
    client.multi = null;
    client.multiError = false;
    client.lastCommand = 'exec';
  }
}

function watch(client: Client, args: string[]): void {
  if (client.multi !== null) return client.error('ERR WATCH inside MULTI is not allowed');
  // Already dirty: EXEC will fail anyway, nothing more to watch.
  if (client.dirtyCas) return client.reply.simple('OK');
  const watches = client.node.watches;
  for (let i = 1; i < args.length; i++) watches.watch(client, client.db, args[i]!);
  client.reply.simple('OK');
}

function unwatch(client: Client): void {
  client.node.watches.unwatchAll(client);
  client.reply.simple('OK');
}

const transactions = {
  group: 'transactions',
  ...NO_KEYS,
  categories: ['@transaction'],
} as const satisfies Partial<CommandSpec>;

export const transactionCommands: CommandFamily = [
  {
    ...transactions,
    name: 'multi',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Mark the start of a transaction block',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: multi,
  },
  {
    ...transactions,
    name: 'exec',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    summary: 'Execute all commands issued after MULTI',
    since: '1.2.0',
    complexity: 'Depends on commands in the transaction',
    handler: exec,
  },
  {
    ...transactions,
    name: 'discard',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Discard all commands issued after MULTI',
    since: '2.0.0',
    complexity: 'O(N), when N is the number of queued commands',
    handler: discard,
  },
  {
    ...transactions,
    ...FIRST_KEY,
    lastKey: -1,
    name: 'watch',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block',
    since: '2.2.0',
    complexity: 'O(1) for every key.',
    handler: watch,
  },
  {
    ...transactions,
    name: 'unwatch',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Forget about all watched keys',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: unwatch,
  },
];
