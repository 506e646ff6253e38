import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { ConfigStore } from '../config/config-store.js';
import { EffectLog } from '../log/effect-log.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import { PubSub } from '../pubsub/pubsub.js';
import { activeExpireCycle, activeExpireOptions } from '../store/active-expire.js';
import { AccessTracker, Evictor, POLICY_FLAG_LFU } from '../store/eviction.js';
import { STARTUP_BYTES } from '../store/memory.js';
import type { Database, KeyspaceHooks } from '../store/database.js';
import { Keyspace } from '../store/keyspace.js';
import type { SnapshotPreserver } from '../persistence/snapshot-hook.js';
import type { OutputLimits } from '../replication/core/output-limit.js';
import { ReplicaRegistry } from '../replication/replicas.js';
import { Replication } from '../replication/replication.js';
import { NetworkFaults } from '../control/faults.js'; // NodeControl: injected faults (isolation)
import { ScanCursors } from '../store/scan-cursors.js';
import { CommandTable } from '../commands/command-table.js';
import { allCommandFamilies } from '../commands/index.js';
import { BlockingRegistry } from './blocking.js';
import { Client, type ClientTransport } from './client.js';
import { ClientPause } from './client-pause.js';
import { Dispatcher } from './dispatcher.js';
import { Monitors } from './monitors.js';
import { silentLogger, type Logger } from './logger.js';
import { Stats } from './stats.js';
import { Watches } from './watches.js';
import { Tracking } from './tracking.js'; // client-side caching (CLIENT TRACKING)

/**
 * One data node's state and the decisions that span clients: the keyspace, the effect log, clients, pub/sub,
 * WATCH, keyspace events, statistics and the periodic tick. No sockets here: the listener feeds it.
 */
export class NodeServer implements KeyspaceHooks {
  readonly keyspace: Keyspace;
  readonly log: EffectLog;
  readonly stats = new Stats();
  readonly watches = new Watches();
  readonly pubsub = new PubSub();
  readonly commands: CommandTable;
  readonly dispatcher: Dispatcher;
  readonly clients = new Map<number, Client>();
  readonly pause = new ClientPause();
  readonly monitors = new Monitors();
  /** Client-side caching: tracked keys, BCAST prefixes, invalidations (server/tracking.ts). */
  readonly tracking: Tracking = new Tracking(this);
  /** Clients blocked on keys (BLPOP, BZPOPMIN...) and the keys ready to serve them. */
  readonly blocking: BlockingRegistry = new BlockingRegistry(this);
  /** Open SCAN-family cursors: shared by SCAN, HSCAN, SSCAN and ZSCAN, they outlive connections. */
  readonly scanCursors = new ScanCursors();
  readonly startedAt: number;
  /** Counts changes to the dataset; a write command that changed it propagates its effect. */
  dirty = 0;
  /** Snapshots in progress (full syncs, saves): told before each write what it is about to change. */
  readonly snapshots = new Set<SnapshotPreserver>();
  /** Changes since the last save (INFO rdb_changes_since_last_save). */
  dirtySinceSave = 0;
  /** When a handler replaces its effect (non-deterministic commands), the effects to log instead of argv. */
  effectOverride: string[][] | null = null;
  /** The listening TCP port (after binding: the real one when configured as 0). */
  port = 0;
  /** 'master' or 'slave', as Redis reports the role; Replication moves between them. */
  role: 'master' | 'slave' = 'master';
  /** Redis's run_id: 40 random hex digits chosen at start (also this node's id as a replica). */
  readonly runId = randomBytes(20).toString('hex');
  /** The replicas following this node, and the clients waiting for them (WAIT). */
  readonly replicas: ReplicaRegistry = new ReplicaRegistry(this);
  /** This node's role in replication and the link to its primary when it is a replica. */
  readonly replication: Replication = new Replication(this);
  /** The gRPC port (replication), once bound; 0 before. */
  grpcPort = 0;
  /**
   * NodeControl (control/): the highest config epoch a sentinel's control call was obeyed under (0 at start),
   * and the faults injected with SetFaults (an isolated node holds its gRPC calls and drops its replication
   * links).
   */
  epoch = 0;
  readonly faults = new NetworkFaults();
  /**
   * The input limits every read checks, kept as plain numbers (following CONFIG SET) so the per-read path
   * does not look them up by name.
   */
  readonly inputLimits = { queryBuffer: 0, bulk: 0 };
  /** Set by the process driver: what SHUTDOWN does. */
  onShutdown: (() => void) | null = null;
  private nextClientId = 1;
  private notifyFlags: number;
  /** LRU/LFU access stamping for every database (KeyspaceHooks.access); set up before the keyspace. */
  readonly access: AccessTracker;
  /** maxmemory in bytes (0: no limit), cached for the dispatcher's per-command check. */
  maxmemory = 0;
  /** min-replicas-to-write, cached for the dispatcher's per-command check. */
  minReplicasToWrite = 0;
  /** client-output-buffer-limit replica, cached: every effect appended checks it for each replica stream. */
  replicaOutputLimits: OutputLimits = { hardBytes: 0, softBytes: 0, softSeconds: 0 };
  /** Highest used_memory seen (INFO used_memory_peak, MEMORY STATS peak.allocated). */
  peakMemory = STARTUP_BYTES;
  /**
   * A CONFIG SET lowered the limit or changed the policy: evict after the running command, as Redis's
   * eviction time proc does (never in the middle of an EXEC that ran the CONFIG SET).
   */
  evictionPending = false;
  private readonly evictor: Evictor;

  constructor(
    readonly config: ConfigStore,
    readonly clock: Clock,
    readonly logger: Logger = silentLogger,
  ) {
    this.startedAt = clock.now();
    this.access = new AccessTracker(clock);
    this.evictor = new Evictor(this.access);
    this.watchMemoryConfig();
    this.keyspace = new Keyspace(config.getNumber('databases'), clock, this);
    this.log = new EffectLog(config.getNumber('repl-backlog-size'));
    this.commands = new CommandTable(allCommandFamilies);
    this.dispatcher = new Dispatcher(this);
    this.notifyFlags = config.getNotifyKeyspaceEvents();
    config.onChange('notify-keyspace-events', () => {
      this.notifyFlags = config.getNotifyKeyspaceEvents();
    });
    const readInputLimits = (): void => {
      this.inputLimits.queryBuffer = config.getNumber('client-query-buffer-limit');
      this.inputLimits.bulk = config.getNumber('proto-max-bulk-len');
    };
    readInputLimits();
    config.onChange('client-query-buffer-limit', readInputLimits);
    config.onChange('proto-max-bulk-len', readInputLimits);
    config.onChange('repl-backlog-size', (value) => this.log.backlog.resize(Number(value)));
    const readReplicaOutputLimits = (): void => {
      const limits = config.getClientOutputBufferLimits().replica;
      this.replicaOutputLimits = {
        hardBytes: limits.hardLimitBytes,
        softBytes: limits.softLimitBytes,
        softSeconds: limits.softLimitSeconds,
      };
    };
    readReplicaOutputLimits();
    config.onChange('client-output-buffer-limit', readReplicaOutputLimits);
    this.minReplicasToWrite = config.getNumber('min-replicas-to-write');
    config.onChange('min-replicas-to-write', (value) => {
      this.minReplicasToWrite = Number(value);
    });
  }

  /** Keeps the cached maxmemory and the access tracker's policy and LFU parameters in step with CONFIG. */
  private watchMemoryConfig(): void {
    const config = this.config;
    const load = (): void => {
      this.maxmemory = config.getNumber('maxmemory');
      this.access.lfu = (config.getNumber('maxmemory-policy') & POLICY_FLAG_LFU) !== 0;
      this.access.logFactor = config.getNumber('lfu-log-factor');
      this.access.decayTime = config.getNumber('lfu-decay-time');
    };
    load();
    const changed = (): void => {
      load();
      if (this.maxmemory !== 0) this.evictionPending = true;
    };
    for (const name of ['maxmemory', 'maxmemory-policy', 'lfu-log-factor', 'lfu-decay-time']) config.onChange(name, changed);
  }

  // --- memory --------------------------------------------------------------------------------------------

  /** Redis's used_memory as the emulator estimates it: a fixed start-up figure plus every key's bytes. */
  usedMemory(): number {
    let used = STARTUP_BYTES;
    for (const db of this.keyspace.dbs) used += db.usedBytes;
    if (used > this.peakMemory) this.peakMemory = used;
    return used;
  }

  /**
   * performEvictions: deletes keys chosen by the policy until used memory is under maxmemory. False when it
   * cannot get there (noeviction, or nothing evictable): denyoom commands are then refused. Each eviction is
   * logged as its own DEL (UNLINK with lazyfree-lazy-eviction) and announced as 'evicted'.
   */
  performEvictions(): boolean {
    this.evictionPending = false;
    const limit = this.maxmemory;
    if (limit === 0) return true;
    // A replica leaves eviction to its primary, whose DELs it applies (replica-ignore-maxmemory).
    if (this.role === 'slave' && this.config.getBool('replica-ignore-maxmemory')) return true;
    const underLimit = this.usedMemory() <= limit || this.evictUntilUnder(limit);
    this.stats.evictionOutcome(underLimit, this.clock.now());
    return underLimit;
  }

  /** Deletes keys the policy picks until used memory is at most `limit`; false if it runs out of candidates. */
  private evictUntilUnder(limit: number): boolean {
    const policy = this.config.getNumber('maxmemory-policy');
    const samples = this.config.getNumber('maxmemory-samples');
    const dbs = this.keyspace.dbs;
    const verb = this.config.getBool('lazyfree-lazy-eviction') ? 'UNLINK' : 'DEL';
    while (this.usedMemory() > limit) {
      const victim = this.evictor.select(dbs, policy, samples);
      if (victim === null) return false;
      const db = dbs[victim.db]!;
      db.delete(victim.key);
      this.stats.evictedKeys++;
      this.log.append(victim.db, [verb, victim.key]);
      this.notify(NOTIFY.evicted, 'evicted', victim.key, victim.db);
    }
    return true;
  }

  authRequired(): boolean {
    return this.config.getString('requirepass') !== '';
  }

  /** A new connection (or, without transport, an internal client such as log replay). */
  createClient(transport: ClientTransport | null): Client {
    const client = new Client(this.nextClientId++, this, transport);
    if (transport) {
      this.clients.set(client.id, client);
      this.stats.connectionsReceived++;
    }
    return client;
  }

  /** A connection is gone: drop everything that refers to the client. */
  removeClient(client: Client): void {
    this.clients.delete(client.id);
    this.monitors.remove(client);
    this.watches.unwatchAll(client);
    this.pubsub.removeClient(client);
    this.pause.forget(client);
    this.blocking.unblock(client);
    this.tracking.disable(client); // its tracking state and BCAST prefixes go with it
    for (const hook of client.onClose) hook();
  }

  // --- keyspace hooks -------------------------------------------------------------------------------------

  keyModified(db: Database, key: string): void {
    this.dirty++;
    if (!this.watches.empty) this.watches.touch(db, key);
    // A key some client waits on may now serve it (see server/blocking.ts).
    if (this.blocking.count !== 0) this.blocking.signal(db.index, key);
    this.tracking.invalidateKey(key, true); // client-side caching: tell the clients that read it
  }

  keyAdded(db: Database, key: string): void {
    this.notify(NOTIFY.newKey, 'new', key, db.index);
  }

  keyExpired(db: Database, key: string): void {
    this.stats.expiredKeys++;
    if (!this.watches.empty) this.watches.touch(db, key);
    this.log.append(db.index, [this.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]);
    this.notify(NOTIFY.expired, 'expired', key, db.index);
    this.tracking.invalidateKey(key, false); // an expired key is invalidated too (no client caused it)
  }

  // --- effects and events ---------------------------------------------------------------------------------

  /** The running command's effect is `effects` instead of its own arguments (e.g. relative -> absolute TTL). */
  replaceEffect(...effects: string[][]): void {
    this.effectOverride = effects;
  }

  /** Adds an effect after the ones already set (the command's own args when none were set yet). */
  addEffect(args: string[], ownArgs: string[]): void {
    this.effectOverride ??= [ownArgs];
    this.effectOverride.push(args);
  }

  /** Publishes a keyspace event if `notify-keyspace-events` asks for its class. */
  notify(type: number, event: string, key: string, db: number): void {
    const flags = this.notifyFlags;
    if ((flags & type) === 0) return;
    if (flags & NOTIFY.keyspace) this.pubsub.publish(`__keyspace@${db}__:${key}`, event);
    if (flags & NOTIFY.keyevent) this.pubsub.publish(`__keyevent@${db}__:${event}`, key);
  }

  /** Empties one database (FLUSHDB) or all of them (FLUSHALL); returns how many keys went. */
  flush(db: Database | null): number {
    let removed = 0;
    for (const target of db ? [db] : this.keyspace.dbs) {
      this.watches.touchDatabase(target);
      removed += target.clear();
    }
    // Pooled eviction candidates describe keys that are gone.
    this.evictor.reset();
    this.tracking.invalidateAll(); // tracking clients get a null invalidation (trackingInvalidateKeysOnFlush)
    this.dirty += removed;
    return removed;
  }

  // --- periodic work ------------------------------------------------------------------------------------

  /** Called `hz` times a second by the I/O layer (Redis's serverCron). */
  tick(): void {
    const now = this.clock.now();
    this.access.refresh();
    this.stats.sample(now);
    // A replica's keys expire when its primary's DEL arrives, never on its own.
    if (this.activeExpireEnabled && this.role === 'master') {
      const options = activeExpireOptions(this.config.getNumber('hz'), this.config.getNumber('active-expire-effort'));
      activeExpireCycle(this.keyspace.dbs, () => this.clock.now(), options);
    }
    this.pause.expire(now);
    this.blocking.expire(now);
    // A limit lowered while no command followed (Redis's eviction time proc).
    if (this.evictionPending) this.performEvictions();
    // Samples used memory so used_memory_peak sees growth between INFO calls (Redis samples after commands).
    else this.usedMemory();
    // Keys made ready outside a client's command (a replica applying its primary's stream) serve here.
    if (this.blocking.hasReady) this.blocking.serveReady();
    this.closeIdleClients(now);
    if (this.tracking.states.size !== 0) this.tracking.limitUsedSlots(); // tracking-table-max-keys (serverCron)
  }

  /** DEBUG SET-ACTIVE-EXPIRE switches the active cycle (tests use it to observe lazy expiry). */
  activeExpireEnabled = true;

  private closeIdleClients(now: number): void {
    const timeout = this.config.getNumber('timeout');
    if (timeout <= 0) return;
    for (const client of this.clients.values()) {
      // Redis never times out pub/sub clients, blocked clients nor replicas.
      if (client.inPubSub || client.blocked || client.isReplica || client.fromPrimary) continue;
      if (now - client.lastInteraction > timeout * 1000) client.transport?.close(true);
    }
  }
}
