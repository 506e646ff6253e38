import { randomBytes } from 'node:crypto';
import { REDIS_VERSION, splitArgs } from '@understudy/resp';
import { NOT_INTEGER, SYNTAX } from '../errors.js';
import { RdbUnsupportedTypeError, writeRdb } from '../persistence/rdb-writer.js';
import type { Client } from '../server/client.js';
import { hostOf, type AttachedReplica } from '../replication/replicas.js';
import { parseInteger } from '../util/numbers.js';
import { NO_KEYS, type CommandFamily } from './types.js';

/**
 * The Redis replication protocol on the client port (replication.c): REPLCONF, SYNC and PSYNC. A client
 * that syncs receives a snapshot of the dataset as an RDB file (version 10) and then every effect appended
 * to the effect log from the snapshot's offset on, byte for byte what the log holds: the same stream a Redis
 * replica, `redis-cli --replica` or the Tcl suite's attach_to_replication_stream read. PSYNC continues from
 * the backlog when the replica's replication id and offset allow it.
 */

/** What one connection told us with REPLCONF and, once it synced, its place as a replica. */
export interface ReplicaState {
  listeningPort: number;
  ipAddress: string | null;
  /** capa eof: it can read a snapshot delimited by an EOF mark instead of a length. */
  capaEof: boolean;
  /** capa psync2: +CONTINUE carries the replication id. */
  capaPsync2: boolean;
  /** REPLCONF rdb-only 1: the snapshot only, no stream; the connection closes after it. */
  rdbOnly: boolean;
  /** REPLCONF rdb-filter-only: the snapshot carries no keys. */
  excludeData: boolean;
  /** Attached to the effect log (SYNC/PSYNC done): its entry among the node's replicas. */
  attached: AttachedReplica | null;
}

const states = new WeakMap<Client, ReplicaState>();

function stateOf(client: Client): ReplicaState {
  let state = states.get(client);
  if (!state) {
    state = {
      listeningPort: 0,
      ipAddress: null,
      capaEof: false,
      capaPsync2: false,
      rdbOnly: false,
      excludeData: false,
      attached: null,
    };
    states.set(client, state);
  }
  return state;
}

/** NET_HOST_STR_LEN: the longest address REPLCONF ip-address takes. */
const MAX_HOST_LENGTH = 256;

function replconf(client: Client, args: string[]): void {
  // Options come in pairs.
  if (args.length % 2 === 0) return client.error(SYNTAX);
  const state = stateOf(client);
  for (let i = 1; i < args.length; i += 2) {
    const option = args[i]!;
    const value = args[i + 1]!;
    switch (option.toLowerCase()) {
      case 'listening-port': {
        const port = parseInteger(value);
        if (port === null) return client.error(NOT_INTEGER);
        state.listeningPort = port;
        break;
      }
      case 'ip-address':
        if (value.length >= MAX_HOST_LENGTH) {
          return client.error(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
        }
        state.ipAddress = value;
        break;
      case 'capa':
        // Capabilities this master does not know are ignored.
        if (value.toLowerCase() === 'eof') state.capaEof = true;
        else if (value.toLowerCase() === 'psync2') state.capaPsync2 = true;
        break;
      case 'ack':
        // ACK never replies: the replica reads nothing but the stream on this connection.
        acknowledge(client, state, value);
        return;
      case 'getack':
        // Only a replica answers GETACK (to its primary); a primary ignores it, silently.
        return;
      case 'rdb-only': {
        const flag = parseInteger(value);
        if (flag === null) return client.error(NOT_INTEGER);
        if (flag < 0 || flag > 1) return client.error('ERR value is out of range, value must between 0 and 1');
        state.rdbOnly = flag === 1;
        break;
      }
      case 'rdb-filter-only': {
        const filters = splitArgs(value);
        if (filters === null) return client.error('ERR Missing rdb-filter-only values');
        // Everything is filtered out unless named (even when a later name is refused); "functions" is the only
        // part that can be named, and this node keeps no functions in its snapshots, so none carries data.
        state.excludeData = true;
        const unsupported = filters.find((filter) => filter.toLowerCase() !== 'functions');
        if (unsupported !== undefined) return client.error(`ERR Unsupported rdb-filter-only option: ${unsupported}`);
        break;
      }
      default:
        return client.error(`ERR Unrecognized REPLCONF option: ${option}`);
    }
  }
  client.reply.simple('OK');
}

function acknowledge(client: Client, state: ReplicaState, value: string): void {
  if (state.attached === null) return;
  const offset = parseInteger(value);
  if (offset === null) return;
  client.node.replicas.acknowledged(state.attached, offset);
}

/** SYNC, and PSYNC <replid> <offset> (the offset is the next byte the replica needs, counted from 1). */
function sync(client: Client, args: string[]): void {
  const node = client.node;
  const state = stateOf(client);
  // A replica that asks again is ignored, without a reply (its connection carries only the stream).
  if (state.attached !== null) return;
  const psync = args[0]!.toLowerCase() === 'psync';
  if (psync && args.length > 3 && args[3]!.toLowerCase() === 'failover' && node.role === 'master') {
    return client.error("ERR PSYNC FAILOVER can't be sent to a master.");
  }
  // This node follows no primary through the Redis protocol, so as a replica its link is never "connected".
  if (node.role === 'slave') return client.error("NOMASTERLINK Can't SYNC while not connected with my master");
  // The stream must start on a clean output buffer.
  if (client.reply.pending > 0) return client.error('ERR SYNC and PSYNC are invalid with pending output');
  if (state.excludeData && !state.capaEof) return client.error('ERR Filtered replica requires EOF capability');
  if (psync) {
    const offset = parseInteger(args[2]!);
    if (offset === null) return client.error(NOT_INTEGER);
    if (continueFromBacklog(client, state, args[1]!, offset)) {
      node.stats.syncPartialOk++;
      return;
    }
    if (args[1] !== '?') node.stats.syncPartialErr++;
  }
  node.stats.syncFull++;
  fullResync(client, state, psync);
}

/**
 * masterTryPartialResynchronization: the replica's history is ours (our replication id, or the previous one
 * up to where it ended) and the backlog still holds what it misses: +CONTINUE, the missed bytes, the stream.
 */
function continueFromBacklog(client: Client, state: ReplicaState, replid: string, offset: number): boolean {
  const log = client.node.log;
  const asked = replid.toLowerCase();
  const ours = asked === log.replid || (asked === log.replid2 && offset <= log.secondOffset);
  if (!ours) return false;
  const missed = log.backlog.readFrom(offset - 1);
  if (missed === null) return false;
  client.reply.raw(state.capaPsync2 ? `+CONTINUE ${log.replid}\r\n` : '+CONTINUE\r\n');
  client.reply.raw(missed);
  attach(client, state);
  return true;
}

/**
 * A full resynchronization: +FULLRESYNC (PSYNC only), the snapshot as a bulk payload without a trailing CRLF
 * (or between EOF marks for replicas that read it that way), then the stream from the snapshot's offset.
 */
function fullResync(client: Client, state: ReplicaState, psync: boolean): void {
  const node = client.node;
  const log = node.log;
  const offset = log.offset;
  // The stream this replica reads begins with a SELECT, whatever the log last selected (slaveseldb = -1).
  log.forceSelect();
  let rdb: Buffer;
  try {
    rdb = writeRdb(node.keyspace.dbs, {
      redisVersion: REDIS_VERSION,
      ctime: Math.floor(node.clock.now() / 1000),
      usedMem: process.memoryUsage().heapUsed,
      replication: { streamDb: 0, replid: log.replid, offset },
      excludeData: state.excludeData,
      checksum: node.config.getBool('rdbchecksum'),
    });
  } catch (err) {
    if (!(err instanceof RdbUnsupportedTypeError)) throw err;
    return client.error(`ERR ${err.message}`);
  }
  const out = client.reply;
  if (psync) out.raw(`+FULLRESYNC ${log.replid} ${offset}\r\n`);
  if (state.excludeData || (state.capaEof && node.config.getBool('repl-diskless-sync'))) {
    const mark = randomBytes(20).toString('hex');
    out.raw(`$EOF:${mark}\r\n`);
    out.raw(rdb);
    out.raw(mark);
  } else {
    out.raw(`$${rdb.length}\r\n`);
    out.raw(rdb);
  }
  if (state.rdbOnly) {
    // Nothing follows the snapshot: close once it is written (replicaPutOnline drops rdb-only replicas).
    client.transport?.close();
    return;
  }
  attach(client, state);
}

/** Streams every effect appended to the log from now on into the replica's output. */
function attach(client: Client, state: ReplicaState): void {
  const node = client.node;
  const transport = client.transport;
  const peer = transport?.remoteAddress ?? '';
  const replica: AttachedReplica = {
    client,
    via: 'resp',
    ip: state.ipAddress ?? hostOf(peer),
    port: state.listeningPort,
    state: 'online',
    ackOffset: 0,
    ackTime: node.clock.now(),
    bufferedBytes: () => client.reply.pending,
  };
  state.attached = replica;
  node.replicas.add(replica);
  const out = client.reply;
  client.isReplica = true;
  const detach = node.log.subscribe((bytes) => {
    out.raw(bytes);
    transport?.requestFlush();
  });
  client.onClose.push(() => {
    detach();
    node.replicas.remove(replica);
  });
}

const replication = { group: 'server', ...NO_KEYS } as const;

export const syncCommands: CommandFamily = [
  {
    ...replication,
    name: 'sync',
    arity: 1,
    flags: ['no_async_loading', 'admin', 'no_multi', 'noscript'],
    summary: 'Internal command used for replication',
    since: '1.0.0',
    handler: sync,
  },
  {
    ...replication,
    name: 'psync',
    arity: -3,
    flags: ['no_async_loading', 'admin', 'no_multi', 'noscript'],
    summary: 'Internal command used for replication',
    since: '2.8.0',
    handler: sync,
  },
  {
    ...replication,
    name: 'replconf',
    arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'],
    summary: 'An internal command for configuring the replication stream',
    since: '3.0.0',
    complexity: 'O(1)',
    handler: replconf,
  },
];
