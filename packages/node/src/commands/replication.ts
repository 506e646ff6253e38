import type { Client } from '../server/client.js';
import { parseInteger } from '../util/numbers.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/** REPLICAOF / SLAVEOF, ROLE and WAIT (replication.c). */

function replicaOf(client: Client, args: string[]): void {
  const node = client.node;
  const host = args[1]!;
  if (host.toLowerCase() === 'no' && args[2]!.toLowerCase() === 'one') {
    if (node.role === 'slave') {
      node.replication.becomePrimary();
      node.logger.info({ client: client.id }, 'MASTER MODE enabled (user request)');
    }
    return client.reply.simple('OK');
  }
  // It would flush every replica of this node, the asking one included.
  if (client.isReplica) return client.error('ERR Command is not valid when client is a replica.');
  const port = parseInteger(args[2]!);
  if (port === null || port < 0 || port > 65535) return client.error('ERR Invalid master port');
  if (!node.replication.followPrimary(host, port)) {
    node.logger.info({}, 'REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
    return client.reply.simple('OK Already connected to specified master');
  }
  client.reply.simple('OK');
}

function role(client: Client): void {
  const node = client.node;
  const out = client.reply;
  const link = node.replication.link;
  if (link === null) {
    const online = node.replicas.list().filter((replica) => replica.state === 'online');
    out.arrayHeader(3);
    out.bulk('master');
    out.integer(node.log.offset);
    out.arrayHeader(online.length);
    for (const replica of online) {
      out.arrayHeader(3);
      out.bulk(replica.ip);
      out.bulk(String(replica.port));
      out.bulk(String(replica.ackOffset));
    }
    return;
  }
  out.arrayHeader(5);
  out.bulk('slave');
  out.bulk(link.host);
  out.integer(link.port);
  out.bulk(link.state);
  out.integer(link.linkUp ? node.log.offset : -1);
}

const WAIT_ON_REPLICA =
  'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.';

/** WAIT numreplicas timeout: blocks until that many replicas acknowledged this client's last write. */
function wait(client: Client, args: string[]): void {
  const node = client.node;
  if (node.role === 'slave') return client.error(WAIT_ON_REPLICA);
  const needed = parseInteger(args[1]!);
  if (needed === null) return client.error('ERR value is not an integer or out of range');
  const timeout = parseInteger(args[2]!);
  if (timeout === null) return client.error('ERR timeout is not an integer or out of range');
  if (timeout < 0) return client.error('ERR timeout is negative');
  const acked = node.replicas.countAcked(client.writeOffset);
  // Inside MULTI it cannot block: it answers with what is acknowledged now.
  if (acked >= needed || client.multi !== null || client.transport === null) return client.reply.integer(acked);
  node.replicas.wait(client, client.writeOffset, needed, timeout);
}

const replicaOfSpec = {
  group: 'server',
  ...NO_KEYS,
  arity: 3,
  flags: ['no_async_loading', 'admin', 'noscript', 'stale'],
  summary: 'Make the server a replica of another instance, or promote it as master.',
  complexity: 'O(1)',
  handler: replicaOf,
} as const satisfies Partial<CommandSpec>;

export const replicationCommands: CommandFamily = [
  { ...replicaOfSpec, name: 'replicaof', since: '5.0.0' },
  { ...replicaOfSpec, name: 'slaveof', since: '1.0.0' },
  {
    group: 'server',
    ...NO_KEYS,
    name: 'role',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast'],
    categories: ['@admin', '@dangerous'],
    summary: 'Return the role of the instance in the context of replication',
    since: '2.8.12',
    complexity: 'O(1)',
    handler: role,
  },
  {
    group: 'generic',
    ...NO_KEYS,
    name: 'wait',
    arity: 3,
    flags: ['noscript'],
    categories: ['@connection'],
    summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
    since: '3.0.0',
    complexity: 'O(1)',
    handler: wait,
  },
];
