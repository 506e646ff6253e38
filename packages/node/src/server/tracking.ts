import type { Command } from '../commands/command-table.js';
import { keysOf } from '../commands/command-info.js';
import type { Client } from './client.js';
import type { NodeServer } from './node-server.js';

/**
 * Server-assisted client-side caching (Redis 7.0 tracking.c).
 *
 * Default mode: the keys a tracking client reads (read-only commands, by their key positions) are remembered
 * in one table, key -> ids of the clients that read it, whatever the database (as in Redis). The first change
 * of such a key (write, expiry, eviction) sends each of those clients one invalidation and forgets the key.
 * BCAST mode: nothing is remembered; every changed key that matches one of the client's prefixes is collected
 * and broadcast once per event-loop turn (Redis's beforeSleep), sorted as Redis's radix tree yields them.
 * FLUSHDB/FLUSHALL send every tracking client a null invalidation and empty the table.
 *
 * Invalidations for the client running the command are held until the command (or the whole EXEC) has
 * replied (server.tracking_pending_keys), so they never interleave with its reply; other clients get theirs
 * at once. Delivery: RESP3 connections get `>2 invalidate [keys]` pushes; with REDIRECT the target gets them,
 * or, if it is a RESP2 connection in pub/sub mode, a message on `__redis__:invalidate`.
 */

/** The channel a RESP2 redirect target receives invalidations on. */
const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** A tracking client's options (Redis's CLIENT_TRACKING_* flags and redirection). */
export interface TrackingState {
  readonly client: Client;
  /** Client id invalidations go to; 0 for the client itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  /** CLIENT CACHING YES (optin) or NO (optout) was given for the next command or transaction. */
  caching: boolean;
  noloop: boolean;
  /** The redirect target was gone when an invalidation was due (flag 'R', "broken_redirect"). */
  brokenRedirect: boolean;
  /** BCAST prefixes (the empty prefix when none was given). */
  readonly prefixes: Set<string>;
}

export interface TrackingOptions {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: readonly string[];
}

/** One BCAST prefix: its clients, and the keys changed since the last broadcast with the client that changed them. */
interface PrefixState {
  readonly clients: Set<Client>;
  keys: Map<string, Client | null>;
}

export class Tracking {
  /** Tracking clients by id (also internal ones, which the node's client map does not list). */
  readonly states = new Map<number, TrackingState>();
  /** Default mode: key -> ids of the clients that read it (Redis's TrackingTable). */
  private readonly table = new Map<string, Set<number>>();
  /** Client ids across the whole table (INFO tracking_total_items). */
  totalItems = 0;
  private readonly prefixTable = new Map<string, PrefixState>();
  /** The client whose command is running, and how deep call() is nested (EXEC runs calls inside its own). */
  private current: Client | null = null;
  private depth = 0;
  /** Invalidations for the running client, sent after its reply: keys, or null for a flush. */
  private pending: (string | null)[] = [];
  private broadcastScheduled = false;
  /** Redis's timeout_counter: each limit pass that could not get under the limit tries harder next time. */
  private limitEffort = 0;

  constructor(private readonly node: NodeServer) {}

  get totalKeys(): number {
    return this.table.size;
  }

  get totalPrefixes(): number {
    return this.prefixTable.size;
  }

  stateOf(client: Client): TrackingState | undefined {
    return this.states.size === 0 ? undefined : this.states.get(client.id);
  }

  /** CLIENT TRACKING ON (options already validated): flags are replaced, BCAST prefixes are added. */
  enable(client: Client, options: TrackingOptions): void {
    let state = this.states.get(client.id);
    if (state === undefined) {
      state = {
        client, redirect: 0, bcast: false, optin: false, optout: false, caching: false, noloop: false,
        brokenRedirect: false, prefixes: new Set(),
      };
      this.states.set(client.id, state);
    }
    state.redirect = options.redirect;
    state.bcast = options.bcast;
    state.optin = options.optin;
    state.optout = options.optout;
    state.noloop = options.noloop;
    state.brokenRedirect = false;
    if (!options.bcast) return;
    if (options.prefixes.length === 0) this.addPrefix(state, '');
    for (const prefix of options.prefixes) this.addPrefix(state, prefix);
  }

  private addPrefix(state: TrackingState, prefix: string): void {
    let entry = this.prefixTable.get(prefix);
    if (entry === undefined) {
      entry = { clients: new Set(), keys: new Map() };
      this.prefixTable.set(prefix, entry);
    }
    entry.clients.add(state.client);
    state.prefixes.add(prefix);
  }

  /** CLIENT TRACKING OFF, RESET, disconnection. Keys it read stay in the table until changed, as in Redis. */
  disable(client: Client): void {
    const state = this.states.get(client.id);
    if (state === undefined) return;
    for (const prefix of state.prefixes) {
      const entry = this.prefixTable.get(prefix)!;
      entry.clients.delete(client);
      if (entry.clients.size === 0) this.prefixTable.delete(prefix);
    }
    this.states.delete(client.id);
  }

  // --- the dispatcher's call() --------------------------------------------------------------------------

  /** Before a handler runs. At the top level, the table is first brought under tracking-table-max-keys. */
  beforeCall(client: Client): void {
    if (this.depth === 0 && this.states.size !== 0) this.limitUsedSlots();
    this.enter(client);
  }

  /**
   * After a handler ran: a read-only command remembers its keys for the client (trackingRememberKeys), and at
   * the top level CLIENT CACHING's one-shot flag expires (resetClient: unless in MULTI or the command was
   * CLIENT itself) and the held invalidations go out after the reply.
   */
  afterCall(client: Client, command: Command, args: readonly string[]): void {
    const state = this.states.size === 0 ? undefined : this.states.get(client.id);
    if (state !== undefined) {
      if (!state.bcast && !command.isPubsub && command.spec.flags.includes('readonly')) {
        this.rememberKeys(state, command, args);
      }
      if (this.depth === 1 && client.multi === null && (command.parent ?? command).spec.name !== 'client') {
        state.caching = false;
      }
    }
    this.leave(client);
  }

  /**
   * A command starts running for `client` (call(), or a blocked client's command being served): until the
   * matching leave(), invalidations meant for it are held.
   */
  enter(client: Client): void {
    if (this.depth++ === 0) this.current = client;
  }

  /** The end of what enter() started: at the top level, the held invalidations follow the reply. */
  leave(client: Client): void {
    if (--this.depth !== 0) return;
    this.current = null;
    if (this.pending.length !== 0) this.sendPending(client);
  }

  private rememberKeys(state: TrackingState, command: Command, args: readonly string[]): void {
    // OPTIN tracks only after CACHING YES, OPTOUT everything but after CACHING NO.
    if ((state.optin && !state.caching) || (state.optout && state.caching)) return;
    const id = state.client.id;
    for (const found of keysOf(command, args)) {
      const key = args[found.position]!;
      let ids = this.table.get(key);
      if (ids === undefined) this.table.set(key, (ids = new Set()));
      if (!ids.has(id)) {
        ids.add(id);
        this.totalItems++;
      }
    }
  }

  private sendPending(client: Client): void {
    const pending = this.pending;
    this.pending = [];
    const state = this.states.get(client.id);
    if (state === undefined) return;
    for (const key of pending) this.send(state, key === null ? null : [key]);
  }

  // --- invalidation -------------------------------------------------------------------------------------

  /**
   * A key changed (trackingInvalidateKey). `byCommand`: changed by the running command (else by expiry or
   * eviction, which no client caused: NOLOOP BCAST clients still hear of them).
   */
  invalidateKey(key: string, byCommand: boolean): void {
    if (this.prefixTable.size !== 0) this.rememberToBroadcast(key, byCommand ? this.current : null);
    if (this.table.size === 0) return;
    const ids = this.table.get(key);
    if (ids === undefined) return;
    this.table.delete(key);
    this.totalItems -= ids.size;
    for (const id of ids) {
      const state = this.states.get(id);
      if (state === undefined || state.bcast) continue;
      const target = state.client;
      if (target === this.current) {
        if (!state.noloop) this.pending.push(key);
      } else {
        this.send(state, [key]);
      }
    }
  }

  /** FLUSHDB/FLUSHALL: every tracking client gets a null invalidation; the table is emptied. */
  invalidateAll(): void {
    for (const state of this.states.values()) {
      if (state.client === this.current) this.pending.push(null);
      else this.send(state, null);
    }
    this.table.clear();
    this.totalItems = 0;
  }

  /**
   * tracking-table-max-keys: forgets keys (sending their invalidations) until the table fits. Oldest keys
   * first where Redis picks random ones; each pass tries 100 more keys than the last unsuccessful one.
   */
  limitUsedSlots(): void {
    const max = this.node.config.getNumber('tracking-table-max-keys');
    if (max === 0 || this.table.size <= max) {
      this.limitEffort = 0;
      return;
    }
    let effort = 100 * (this.limitEffort + 1);
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.invalidateKey(key, false);
      if (this.table.size <= max) {
        this.limitEffort = 0;
        return;
      }
    }
    this.limitEffort++;
  }

  private rememberToBroadcast(key: string, origin: Client | null): void {
    for (const [prefix, entry] of this.prefixTable) {
      if (!key.startsWith(prefix)) continue;
      entry.keys.set(key, origin);
      if (!this.broadcastScheduled) {
        this.broadcastScheduled = true;
        setImmediate(() => this.broadcast());
      }
    }
  }

  /** Sends each prefix's collected keys to its clients (trackingBroadcastInvalidationMessages). */
  broadcast(): void {
    this.broadcastScheduled = false;
    for (const prefix of [...this.prefixTable.keys()].sort()) {
      const entry = this.prefixTable.get(prefix)!;
      if (entry.keys.size === 0) continue;
      const changed = entry.keys;
      entry.keys = new Map();
      const all = [...changed.keys()].sort();
      for (const client of entry.clients) {
        const state = this.states.get(client.id);
        if (state === undefined) continue;
        // NOLOOP: leave out the keys this client changed itself.
        const keys = state.noloop ? all.filter((key) => changed.get(key) !== client) : all;
        if (keys.length !== 0) this.send(state, keys);
      }
    }
  }

  /** sendTrackingMessage: one invalidation (keys, or null for a flush) to the client or its redirect target. */
  private send(state: TrackingState, keys: readonly string[] | null): void {
    const client = state.client;
    let target = client;
    if (state.redirect !== 0) {
      const redirected = this.node.clients.get(state.redirect);
      if (redirected === undefined) {
        state.brokenRedirect = true;
        if (client.protocol === 3) {
          client.pushes.pushHeader(2);
          client.pushes.bulk('tracking-redir-broken');
          client.pushes.integer(state.redirect);
          client.transport?.requestFlush();
        }
        return;
      }
      target = redirected;
    }
    const out = target.pushes;
    if (target.protocol === 3) {
      out.pushHeader(2);
      out.bulk('invalidate');
    } else if (target !== client && target.inPubSub) {
      out.pushHeader(3);
      out.bulk('message');
      out.bulk(INVALIDATE_CHANNEL);
    } else {
      // A RESP2 connection without a pub/sub redirect target has no way to receive it.
      return;
    }
    // A flush is Redis's shared null in the tracking client's own protocol.
    if (keys === null) out.raw(client.protocol === 3 ? '_\r\n' : '*-1\r\n');
    else out.bulkArray(keys);
    target.transport?.requestFlush();
  }
}
