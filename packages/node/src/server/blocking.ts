import type { Client } from './client.js';
import type { NodeServer } from './node-server.js';
import { preserveKeys } from '../persistence/snapshot-hook.js';
import type { TypedValue } from '../store/values.js';
import { parseLongDouble, type LongDouble } from '../util/long-double.js';

/**
 * Blocking commands on keys (Redis's blocked.c): BLPOP/BRPOP/BLMOVE/BRPOPLPUSH/BLMPOP, BZPOPMIN/BZPOPMAX/BZMPOP.
 *
 * How a command family registers a blocking command
 * -------------------------------------------------
 * The handler first does what the non-blocking form does. When no key can serve it:
 *   1. If `!canBlock(client)` (inside MULTI/EXEC, or an internal client such as log replay), it answers at
 *      once what Redis answers under CLIENT_DENY_BLOCKING (a null array for BLPOP/BZPOPMIN, a null bulk for
 *      BLMOVE) and returns.
 *   2. Otherwise it calls `client.node.blocking.block(client, request)` and returns without replying:
 *        keys      the keys to wait on, in the client's current database (duplicates are ignored);
 *        type      the value type that can serve it ('list' or 'zset'): a key signalled while it holds
 *                  another type leaves the client waiting;
 *        deadline  absolute ms on the node's clock (`client.node.clock.now()` + timeout), 0 for no timeout
 *                  (parse the timeout argument with `parseTimeout`);
 *        serve     `(client, key, value)`: runs later as if it were the client's own command: it pops from
 *                  `value` (the key's current value, of `type`), replies to the client, announces keyspace
 *                  events, deletes the key when emptied, and logs its deterministic effect with
 *                  `client.node.replaceEffect(...)` (BLPOP -> LPOP key, BZPOPMIN -> ZPOPMIN key ...) exactly as
 *                  a handler does; the effect goes to the log in the client's database as one atomic unit.
 *                  After `serve` the client is unblocked whatever it replied (even an error).
 *   On timeout (or CLIENT UNBLOCK id TIMEOUT) the client gets a null array, whatever the command: Redis's
 *   replyToBlockedClientTimedOut answers every list, zset and stream block that way (BLMOVE included).
 *   The connection stops running the client's pipelined commands while `client.blocked` is set and resumes
 *   them after the client is served, times out, or is unblocked.
 *
 * How a write signals a key as ready
 * ----------------------------------
 * Nothing to do in command handlers: every Database mutation (set/replace/delete/touch/setExpire) reaches
 * NodeServer.keyModified, which calls `signal(db, key)` when some client waits on that key (one integer test
 * otherwise). After each top-level command (so after EXEC, never in the middle of a transaction) the
 * dispatcher calls `serveReady()`: ready keys are served in the order they were signalled, and on each key
 * the clients in the order they blocked (first blocked, first served), while the key still holds a value of
 * the client's type. Redis signals only when a key is added (dbAdd: LPUSH on a new key, RENAME, MOVE, COPY,
 * RESTORE, SMOVE...); signalling on every change of a waited-on key serves the same clients, since a key with
 * waiters can only become servable by being (re)created. Code that replaces whole databases without
 * mutations (SWAPDB) calls `signalDatabase(db)` for both sides (Redis's scanDatabaseForReadyKeys).
 *
 * Timeouts run on the node's clock: an unref'd timer armed for the earliest deadline wakes the node even with
 * no traffic (exact to the millisecond, like Redis's timeout table checked in beforeSleep), and every tick
 * checks again (the only path for a FakeClock in tests, where the timer finds nothing due).
 */

/** What a blocked client waits for: see the file comment. */
export interface BlockRequest {
  readonly keys: readonly string[];
  readonly type: 'list' | 'zset';
  /** Absolute ms on the node's clock, or 0 to wait forever. */
  readonly deadline: number;
  serve(client: Client, key: string, value: TypedValue): void;
  /** Keys serving writes besides the one it serves from (BLMOVE's destination). */
  readonly alsoWrites?: readonly string[];
}

interface Waiter {
  readonly client: Client;
  readonly request: BlockRequest;
  /** The ids (db + "\0" + key) it is filed under. */
  readonly ids: string[];
  /**
   * Blocked under CLIENT REPLY OFF or SKIP: its eventual reply is dropped too (Redis resets the skip flag only
   * when the blocked command completes).
   */
  readonly silent: boolean;
}

const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
const TIMEOUT_NEGATIVE = 'ERR timeout is negative';
const INT64_LIMIT = 1n << 63n;
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * getTimeoutFromObjectOrReply with UNIT_SECONDS: seconds (strtold rules) -> absolute deadline in ms, 0 for
 * "forever"; null after replying the error.
 */
export function parseTimeout(client: Client, text: string): number | null {
  const seconds = parseLongDouble(text);
  if (seconds === null) {
    client.error(TIMEOUT_NOT_FLOAT);
    return null;
  }
  const ms = timeoutMillis(seconds);
  if (ms === null || ms < 0) {
    client.error(TIMEOUT_NEGATIVE);
    return null;
  }
  return ms === 0 ? 0 : client.node.clock.now() + ms;
}

/**
 * Redis's `(long long) ceill(seconds * 1000.0)` in x87 long double: the product rounded to a 64-bit
 * significand (half to even), then the ceiling. 1.1 gives 1100 here, where doubles would give 1101. Null for
 * an infinity or a result past int64, which the x86 conversion turns into LLONG_MIN (so: "is negative").
 */
function timeoutMillis(seconds: LongDouble): number | null {
  if (seconds.infinite) return null;
  let m = seconds.m * 1000n;
  let e = seconds.e;
  const excess = m.toString(2).length - 64;
  if (excess > 0) {
    const rest = m & ((1n << BigInt(excess)) - 1n);
    const half = 1n << BigInt(excess - 1);
    m >>= BigInt(excess);
    e += excess;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  }
  // ceil(x) for x >= 0 rounds a fraction up; ceil(-x) = -floor(x) drops it.
  let whole: bigint;
  if (e >= 0) {
    whole = m << BigInt(e);
  } else {
    whole = m >> BigInt(-e);
    if (!seconds.negative && whole << BigInt(-e) !== m) whole += 1n;
  }
  if (whole >= INT64_LIMIT) return null;
  return Number(seconds.negative ? -whole : whole);
}

/** Whether a command may block now: not inside MULTI/EXEC, not an internal client (CLIENT_DENY_BLOCKING). */
export function canBlock(client: Client): boolean {
  return client.multi === null && client.transport !== null;
}

function idOf(db: number, key: string): string {
  return `${db}\0${key}`;
}

export class BlockingRegistry {
  /** Waiters per key id, in the order they blocked (a Set keeps insertion order and deletes in O(1)). */
  private readonly byKey = new Map<string, Set<Waiter>>();
  private readonly byClient = new Map<Client, Waiter>();
  /** Keys signalled since the last serveReady(), in signal order (Redis's server.ready_keys). */
  private ready: string[] = [];
  private readonly readySet = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private timed = 0;

  constructor(private readonly node: NodeServer) {}

  /** Blocked clients (INFO blocked_clients counts these plus the clients CLIENT PAUSE holds). */
  get count(): number {
    return this.byClient.size;
  }

  /** Blocked clients that have a timeout (INFO clients_in_timeout_table). */
  get timedCount(): number {
    return this.timed;
  }

  get hasReady(): boolean {
    return this.ready.length !== 0;
  }

  block(client: Client, request: BlockRequest): void {
    const db = client.dbIndex;
    const waiter: Waiter = { client, request, ids: [], silent: client.replyMode !== 'on' };
    for (const key of request.keys) {
      const id = idOf(db, key);
      if (waiter.ids.includes(id)) continue;
      waiter.ids.push(id);
      let waiters = this.byKey.get(id);
      if (waiters === undefined) this.byKey.set(id, (waiters = new Set()));
      waiters.add(waiter);
    }
    this.byClient.set(client, waiter);
    client.blocked = true;
    if (request.deadline !== 0) {
      this.timed++;
      this.armTimer(request.deadline);
    }
  }

  /** A key of database `db` changed: queue it if a client waits on it. */
  signal(db: number, key: string): void {
    const id = idOf(db, key);
    if (!this.byKey.has(id) || this.readySet.has(id)) return;
    this.readySet.add(id);
    this.ready.push(id);
  }

  /** Every key of a database that has waiters (SWAPDB: the database's contents changed as a whole). */
  signalDatabase(db: number): void {
    const prefix = `${db}\0`;
    for (const id of this.byKey.keys()) {
      if (id.startsWith(prefix)) this.signal(db, id.slice(prefix.length));
    }
  }

  /**
   * handleClientsBlockedOnKeys: serves the clients waiting on ready keys. Serving may signal more keys (BLMOVE
   * pushes to its destination): they are served in the next round, until nothing is ready.
   */
  serveReady(): void {
    while (this.ready.length !== 0) {
      const round = this.ready;
      this.ready = [];
      for (const id of round) {
        // Forget it first, so serving may signal this very key again.
        this.readySet.delete(id);
        this.serveKey(id);
      }
    }
  }

  private serveKey(id: string): void {
    const waiters = this.byKey.get(id);
    if (waiters === undefined) return;
    const split = id.indexOf('\0');
    const db = this.node.keyspace.db(Number(id.slice(0, split)));
    const key = id.slice(split + 1);
    // A copy: serving unblocks waiters, which edits the Set.
    for (const waiter of [...waiters]) {
      if (this.byClient.get(waiter.client) !== waiter) continue;
      const value = db.get(key);
      if (value === undefined) return;
      if (typeof value === 'string' || value.type !== waiter.request.type) continue;
      this.unblock(waiter.client);
      const snapshots = this.node.snapshots;
      if (snapshots.size !== 0) {
        preserveKeys(snapshots, db.index, [key]);
        if (waiter.request.alsoWrites) preserveKeys(snapshots, waiter.client.dbIndex, waiter.request.alsoWrites);
      }
      const mark = waiter.client.reply.mark();
      this.runAs(waiter.client, () => waiter.request.serve(waiter.client, key, value));
      this.finish(waiter, mark);
    }
  }

  /**
   * Runs a served request the way Dispatcher.call runs a handler: the effects it sets go to the log in the
   * client's database as one atomic unit, and its changes count as changes since the last save.
   */
  private runAs(client: Client, serve: () => void): void {
    const node = this.node;
    const dirtyBefore = node.dirty;
    const outerOverride = node.effectOverride;
    const offsetBefore = node.log.offset;
    node.effectOverride = null;
    node.log.beginTransaction();
    node.tracking.enter(client); // its own invalidations follow its reply (Redis makes it the current client)
    try {
      serve();
    } finally {
      const dirty = node.dirty - dirtyBefore;
      if (dirty > 0) node.dirtySinceSave += dirty;
      const override = node.effectOverride as string[][] | null;
      node.effectOverride = outerOverride;
      if (override !== null) for (const effect of override) node.log.append(client.dbIndex, effect);
      node.log.endTransaction();
      node.tracking.leave(client);
      // As Dispatcher.call: WAIT after a served pop waits for the pop's effect.
      if (node.log.offset !== offsetBefore) client.writeOffset = node.log.offset;
    }
  }

  /** Removes a client from every wait list (served, timed out, unblocked, disconnected). */
  unblock(client: Client): boolean {
    const waiter = this.byClient.get(client);
    if (waiter === undefined) return false;
    this.byClient.delete(client);
    client.blocked = false;
    for (const id of waiter.ids) {
      const waiters = this.byKey.get(id)!;
      waiters.delete(waiter);
      if (waiters.size === 0) this.byKey.delete(id);
    }
    if (waiter.request.deadline !== 0 && --this.timed === 0) this.disarmTimer();
    return true;
  }

  /**
   * CLIENT UNBLOCK: unblocks and answers the timeout reply (a null array) or, with `error`, the UNBLOCKED
   * error. False if the client is not blocked on keys.
   */
  cancel(client: Client, error: boolean): boolean {
    const waiter = this.byClient.get(client);
    if (waiter === undefined) return false;
    this.unblock(client);
    const mark = client.reply.mark();
    if (error) client.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else client.reply.nullArray();
    this.finish(waiter, mark);
    return true;
  }

  /**
   * disconnectAllBlockedClients: the node became a replica, so what they wait for can only come from its
   * primary. Each gets `error` and its connection closes after the reply, as in Redis.
   */
  unblockAll(error: string): void {
    for (const waiter of [...this.byClient.values()]) {
      this.unblock(waiter.client);
      const mark = waiter.client.reply.mark();
      waiter.client.error(error);
      waiter.client.closing = true;
      this.finish(waiter, mark);
      waiter.client.transport?.close();
    }
  }

  /** Answers every waiter whose deadline has passed (called by the timer and by every tick). */
  expire(now: number): void {
    if (this.timed === 0) return;
    for (const waiter of [...this.byClient.values()]) {
      const deadline = waiter.request.deadline;
      if (deadline === 0 || deadline > now) continue;
      this.unblock(waiter.client);
      const mark = waiter.client.reply.mark();
      waiter.client.reply.nullArray();
      this.finish(waiter, mark);
    }
  }

  /**
   * After the blocked command's reply (written since `mark`): drop it if the client asked for no reply, send
   * it, then run the client's pipelined commands, on the next turn of the event loop, never inside the
   * command that served it (Redis's processUnblockedClients in beforeSleep).
   */
  private finish(waiter: Waiter, mark: number): void {
    const client = waiter.client;
    if (waiter.silent) client.reply.discardSince(mark);
    const transport = client.transport;
    if (transport === null) return;
    transport.requestFlush();
    setImmediate(() => transport.resume());
  }

  private armTimer(deadline: number): void {
    if (this.timer !== null && this.timerAt <= deadline) return;
    this.disarmTimer();
    this.timerAt = deadline;
    // setTimeout takes at most 2^31-1 ms (about 24.8 days; beyond it fires at once): a farther deadline wakes
    // the timer early, and onTimer re-arms it for the time still missing.
    const delay = Math.min(MAX_TIMER_DELAY, Math.max(0, deadline - this.node.clock.now()));
    this.timer = setTimeout(() => this.onTimer(), delay);
    this.timer.unref();
  }

  private disarmTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private onTimer(): void {
    this.timer = null;
    this.expire(this.node.clock.now());
    if (this.timed === 0) return;
    let next = Infinity;
    for (const waiter of this.byClient.values()) {
      const deadline = waiter.request.deadline;
      if (deadline !== 0 && deadline < next) next = deadline;
    }
    // A clock that did not reach the deadline (a FakeClock in tests) re-arms for the time still missing.
    this.armTimer(Math.max(next, this.node.clock.now() + 1));
  }
}
