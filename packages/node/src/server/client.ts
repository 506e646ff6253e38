import { ReplyWriter } from '@understudy/resp';
import type { Database } from '../store/database.js';
import type { WatchedKey } from './watches.js';
import type { NodeServer } from './node-server.js';

/** What a client needs from whatever carries its bytes (a socket, or nothing for internal clients). */
export interface ClientTransport {
  /** Replies were written outside this client's own input processing: send them soon. */
  requestFlush(): void;
  /** Close the connection once pending replies are written (or at once with `now`). */
  close(now?: boolean): void;
  /** Stop or restart reading commands (CLIENT PAUSE, blocking). */
  resume(): void;
  readonly remoteAddress: string;
  readonly localAddress: string;
  readonly fd: number;
  /** Redis's qbuf: bytes received and not yet trimmed (the batch being run included, as in Redis). */
  readonly queryBufferBytes: number;
}

export type ReplyMode = 'on' | 'off' | 'skip';

/**
 * The state Redis keeps per connection: selected database, protocol, authentication, name, transaction,
 * subscriptions, reply mode. Command handlers receive the client and reach the node through `client.node`.
 */
export class Client {
  name = '';
  libName = '';
  libVersion = '';
  db: Database;
  readonly reply: ReplyWriter;
  authenticated: boolean;
  user = 'default';
  /** Commands queued by MULTI, or null outside a transaction. */
  multi: string[][] | null = null;
  /** A command was rejected while queuing: EXEC answers EXECABORT. */
  multiError = false;
  /** A WATCHed key changed: EXEC answers a null array. */
  dirtyCas = false;
  /** Keys this client WATCHes, by "db index" + "\0" + key (see Watches). */
  readonly watched = new Map<string, WatchedKey>();
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  /** Shard channels (SSUBSCRIBE): a namespace of their own, counted apart from channels and patterns. */
  readonly shardChannels = new Set<string>();
  /**
   * Where push frames go (pub/sub messages and (un)subscribe confirmations): `reply`, except while the
   * connection drops the running command's replies (CLIENT REPLY OFF/SKIP), when they are collected apart and
   * kept, as Redis lets CLIENT_PUSHING replies through.
   */
  pushes: ReplyWriter;
  /** Attached as a replica by SYNC/PSYNC: it reads the effect stream, is never paused nor timed out. */
  isReplica = false;
  /**
   * The link to this node's primary (Redis's CLIENT_MASTER): its commands are effects the primary already
   * accepted; they pass READONLY, and their bytes enter the effect log verbatim, not re-encoded.
   */
  fromPrimary = false;
  /** The effect log's offset after this client's last logged write (what WAIT waits for; Redis's woff). */
  writeOffset = 0;
  /** Run once when the connection goes (after it left every registry of the node). */
  readonly onClose: (() => void)[] = [];
  replyMode: ReplyMode = 'on';
  /** CLIENT REPLY SKIP applies to the command after the one that set it. */
  skipNextReply = false;
  noEvict = false;
  /** Waiting in a blocking command (server/blocking.ts): its connection runs no further commands meanwhile. */
  blocked = false;
  closing = false;
  /** The command being executed, or the last one ("NULL" before any). */
  lastCommand = 'NULL';
  readonly createdAt: number;
  lastInteraction: number;
  /**
   * Applies effects a primary (or an AOF) already accepted: size limits such as proto-max-bulk-len are not
   * enforced again, since refusing them would make this copy diverge (Redis's mustObeyClient).
   */
  mustObey = false;
  /** Internal clients (log replay, later the replication link) are not listed nor counted. */
  readonly internal: boolean;

  constructor(
    readonly id: number,
    readonly node: NodeServer,
    readonly transport: ClientTransport | null,
  ) {
    this.db = node.keyspace.db(0);
    this.reply = this.pushes = new ReplyWriter(2);
    this.authenticated = !node.authRequired();
    this.createdAt = this.lastInteraction = node.clock.now();
    this.internal = transport === null;
  }

  get dbIndex(): number {
    return this.db.index;
  }

  get protocol(): 2 | 3 {
    return this.reply.protocol;
  }

  /** An error reply, counted in INFO stats/errorstats like Redis's addReplyError. */
  error(message: string): void {
    this.node.stats.countError(message);
    this.reply.error(message);
  }

  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  /** Any subscription, shard channels included (Redis's CLIENT_PUBSUB flag). */
  get inPubSub(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size > 0;
  }

  /** RESP2 clients with subscriptions may only run (P|S)(UN)SUBSCRIBE, PING, QUIT and RESET. */
  get inSubscribeMode(): boolean {
    return this.reply.protocol === 2 && this.inPubSub;
  }

  select(index: number): void {
    this.db = this.node.keyspace.db(index);
  }
}
