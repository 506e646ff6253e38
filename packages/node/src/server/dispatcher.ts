import { performance } from 'node:perf_hooks';
import { notInSubscribeContext } from '@understudy/resp';
import type { Command } from '../commands/command-table.js';
import { NOAUTH, unknownCommand, unknownSubcommand, wrongArity } from '../errors.js';
import { preserveBeforeWrite } from '../persistence/snapshot-hook.js';
import type { Client } from './client.js';
import type { NodeServer } from './node-server.js';

/** What the connection does after a command: go on, or hold this command until CLIENT PAUSE ends. */
export type DispatchResult = 'done' | 'paused';

/** Commands that run while MULTI is open instead of being queued. */
const TRANSACTION_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
/** processCommand's answer to a denyoom command that eviction could not make room for (shared.oomerr). */
const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
/** Commands that run while MULTI is open and are not refused when out of memory (processCommand). */
const OOM_EXEMPT_IN_MULTI = new Set(['exec', 'discard', 'quit', 'reset']);
/** Commands whose key lookups are not accesses (Redis's LOOKUP_NOTOUCH): they inspect, not use, keys. */
const NO_TOUCH = new Set([
  'ttl', 'pttl', 'expiretime', 'pexpiretime', 'type', 'exists', 'scan', 'debug',
  'object|encoding', 'object|freq', 'object|idletime', 'object|refcount', 'memory|usage',
]);
/** The only commands a RESP2 client in subscribe mode may send. */
const SUBSCRIBE_MODE_ALLOWED = new Set([
  'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'ping', 'quit', 'reset',
]);

/**
 * The one place where every command is checked before it runs (Redis's processCommand): lookup, arity,
 * authentication, subscribe-mode restrictions, CLIENT PAUSE, MULTI queuing. Then `call` runs the handler and
 * appends the command's effect to the log.
 */
export class Dispatcher {
  /**
   * Commands by the exact spelling clients send ("SET", "set", "Set"): saves lower-casing every name on the
   * hot path. Bounded, since a client may send any number of distinct unknown names.
   */
  private readonly bySpelling = new Map<string, Command>();

  constructor(private readonly node: NodeServer) {}

  private lookup(name: string): Command | undefined {
    let command = this.bySpelling.get(name);
    if (command === undefined) {
      command = this.node.commands.get(name.toLowerCase());
      if (command !== undefined && this.bySpelling.size < 4096) this.bySpelling.set(name, command);
    }
    return command;
  }

  /** Looks up a command (and subcommand): the command, or the error text to reply. */
  resolve(args: readonly string[]): Command | string {
    const command = this.lookup(args[0]!);
    if (!command) return unknownCommand(args);
    if (command.subcommands && args.length >= 2) {
      const sub = command.subcommands.get(args[1]!.toLowerCase());
      if (!sub) return unknownSubcommand(args[1]!, command.spec.name);
      return checkArity(sub, args.length) ?? sub;
    }
    return checkArity(command, args.length) ?? command;
  }

  execute(client: Client, args: string[]): DispatchResult {
    const node = this.node;
    if (args[0]!.length === 4 && args[0]!.toLowerCase() === 'quit') {
      // QUIT is answered before anything else, even inside MULTI or before AUTH.
      client.reply.simple('OK');
      client.closing = true;
      client.transport?.close();
      return 'done';
    }
    const command = this.resolve(args);
    if (typeof command === 'string') return this.reject(client, command, this.named(args));
    if (!client.authenticated && !command.noAuth) return this.reject(client, NOAUTH, command);
    // maxmemory: evict before the command runs; refuse what may add memory if that was not enough.
    if (node.maxmemory !== 0 && !this.performEvictions(client, command)) {
      return this.reject(client, OOM, command);
    }
    const refusal = this.replicationRefusal(client, command);
    if (refusal !== null) return this.reject(client, refusal, command);
    if (client.inSubscribeMode && !SUBSCRIBE_MODE_ALLOWED.has(command.spec.name)) {
      return this.reject(client, notInSubscribeContext(command.fullName), command);
    }
    if (client.multi !== null && !TRANSACTION_CONTROL.has(command.spec.name)) {
      if (command.noMulti) return this.reject(client, 'ERR Command not allowed inside a transaction', command);
      client.multi.push(args);
      client.reply.simple('QUEUED');
      return 'done';
    }
    if (node.pause.mode !== 'off') {
      // A pause past its end is over now, not at the next tick.
      node.pause.expire(node.clock.now());
      if (!client.internal && !client.isReplica && !client.mustObey && node.pause.blocks(this.mayReplicate(client, command))) {
        node.pause.park(client);
        return 'paused';
      }
    }
    this.call(client, command, args);
    // A CONFIG SET that lowered maxmemory evicts now, after the command (and after a whole EXEC around it).
    if (node.evictionPending) node.performEvictions();
    // Keys a command (or a whole EXEC) made ready serve the blocked clients now (Redis's processCommand).
    if (node.blocking.hasReady) node.blocking.serveReady();
    return 'done';
  }

  /**
   * Redis's processCommand maxmemory step: true if the command may run. Out of memory, denyoom commands are
   * refused, and so is anything queued into MULTI (but not EXEC/DISCARD), and an EXEC holding denyoom
   * commands.
   */
  private performEvictions(client: Client, command: Command): boolean {
    if (this.node.performEvictions()) return true;
    if (command.denyOom) return false;
    if (client.multi === null) return true;
    const name = command.spec.name;
    if (!OOM_EXEMPT_IN_MULTI.has(name)) return false;
    return !(name === 'exec' && client.multi.some((queued) => {
      const resolved = this.resolve(queued);
      return typeof resolved !== 'string' && resolved.denyOom;
    }));
  }

  /**
   * processCommand's replication checks, in Redis's order: NOREPLICAS (a primary without enough good
   * replicas refuses writes: min-replicas-to-write), READONLY (a read-only replica refuses writes but its
   * primary's), MASTERDOWN (a replica cut from its primary with replica-serve-stale-data no serves only
   * 'stale' commands). The error text, or null. Beyond Redis, a primary with min-replicas-to-write also holds
   * the replies of the writes it accepts until that many replicas acknowledged them (the connection does it:
   * see replication/core/semi-sync.ts).
   */
  private replicationRefusal(client: Client, command: Command): string | null {
    const node = this.node;
    if (node.role === 'master') {
      const minReplicas = node.minReplicasToWrite;
      if (minReplicas === 0 || !this.isWrite(client, command)) return null;
      const maxLag = node.config.getNumber('min-replicas-max-lag');
      if (maxLag === 0 || node.replicas.goodCount(maxLag) >= minReplicas) return null;
      return 'NOREPLICAS Not enough good replicas to write.';
    }
    if (client.fromPrimary) return null;
    if (this.isWrite(client, command) && node.config.getBool('replica-read-only')) {
      return "READONLY You can't write against a read only replica.";
    }
    const link = node.replication.link;
    if (link !== null && !link.linkUp && !node.config.getBool('replica-serve-stale-data') && this.deniedWhenStale(client, command)) {
      return "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
    }
    return null;
  }

  /**
   * Whether `test` holds for the command, or, for an EXEC, for one of the commands its transaction queued
   * (Redis judges EXEC by the union of the queued commands' flags: is_write_command, is_denystale_command,
   * is_may_replicate_command).
   */
  private holdsForCommandOrQueued(client: Client, command: Command, test: (command: Command) => boolean): boolean {
    if (test(command)) return true;
    if (command.spec.name !== 'exec' || client.multi === null) return false;
    return client.multi.some((queued) => {
      const resolved = this.resolve(queued);
      return typeof resolved !== 'string' && test(resolved);
    });
  }

  /** A command without the 'stale' flag, or an EXEC of a transaction holding one. */
  private deniedWhenStale(client: Client, command: Command): boolean {
    return this.holdsForCommandOrQueued(client, command, (c) => !c.spec.flags.includes('stale'));
  }

  /** A write command, or an EXEC of a transaction holding one. */
  private isWrite(client: Client, command: Command): boolean {
    return this.holdsForCommandOrQueued(client, command, isWriteCommand);
  }

  /** Write or may-replicate, or an EXEC of a transaction holding one. */
  private mayReplicate(client: Client, command: Command): boolean {
    return this.holdsForCommandOrQueued(client, command, mayReplicateCommand);
  }

  /**
   * Running totals of error replies and dataset changes already attributed to a call: a command that runs
   * others (EXEC) subtracts theirs, so its failed_calls and the changes counted since the last save only
   * reflect its own (EXEC with a failing command inside is not a failed EXEC).
   */
  private attributedErrors = 0;
  private attributedDirty = 0;

  /**
   * Runs a checked command and logs its effect: the override a handler set, else its own arguments when it
   * is a write command that changed the dataset. Everything one command logs (a lazily expired key's DEL and
   * then its own effect, or several effects) is one atomic unit, wrapped in MULTI/EXEC as Redis 7.0 does.
   */
  call(client: Client, command: Command, args: string[]): void {
    const node = this.node;
    const dirtyBefore = node.dirty;
    const offsetBefore = node.log.offset;
    const errorsBefore = node.stats.errorReplies;
    const attributedErrorsBefore = this.attributedErrors;
    const attributedDirtyBefore = this.attributedDirty;
    const outerOverride = node.effectOverride;
    node.effectOverride = null;
    client.lastCommand = command.fullName;
    const atomic = command.spec.touchesArbitraryKeys !== true;
    // Lookups count as key accesses (LRU/LFU) unless the command only inspects keys; EXEC's own is restored.
    const access = node.access;
    access.refresh();
    const outerNoTouch = access.noTouch;
    access.noTouch = NO_TOUCH.has(command.fullName);
    if (atomic) node.log.beginTransaction();
    node.tracking.beforeCall(client); // client-side caching: invalidations for this client wait for its reply
    if (node.snapshots.size !== 0 && command.isWrite) preserveBeforeWrite(node.snapshots, client.dbIndex, command, args);
    const start = performance.now();
    try {
      command.spec.handler!(client, args);
    } finally {
      const stats = command.stats;
      stats.usec += (performance.now() - start) * 1000;
      stats.calls++;
      // ">": CONFIG RESETSTAT zeroes the counter during its own call, which must not count as a failure.
      node.stats.commandsProcessed++;
      const dirty = node.dirty - dirtyBefore;
      // Only the command's own errors and changes: those of the commands it ran (EXEC) are theirs. ">":
      // CONFIG RESETSTAT zeroes the counter during its own call, which must not count as a failure.
      const ownErrors = node.stats.errorReplies - errorsBefore - (this.attributedErrors - attributedErrorsBefore);
      const ownDirty = dirty - (this.attributedDirty - attributedDirtyBefore);
      this.attributedErrors += ownErrors;
      this.attributedDirty += ownDirty;
      if (ownErrors > 0) stats.failed++;
      if (ownDirty > 0) node.dirtySinceSave += ownDirty;
      // The handler may have set an override (TypeScript cannot see that through the call).
      const override = node.effectOverride as string[][] | null;
      node.effectOverride = outerOverride;
      // The link to a primary logs the primary's own bytes, verbatim, not a re-encoding of them.
      if (!client.fromPrimary) {
        if (override !== null) {
          for (const effect of override) node.log.append(client.dbIndex, effect);
        } else if (dirty > 0 && command.isWrite) {
          node.log.append(client.dbIndex, args);
        }
      }
      if (atomic) node.log.endTransaction();
      if (node.log.offset !== offsetBefore) client.writeOffset = node.log.offset;
      access.noTouch = outerNoTouch;
      node.tracking.afterCall(client, command, args); // remember the keys read; send held invalidations
    }
    if (node.monitors.size !== 0) node.monitors.feed(client, command, args);
  }

  /** The existing command (or subcommand) a rejected line names: its wrong arity counts as its rejected call. */
  private named(args: readonly string[]): Command | null {
    const command = this.lookup(args[0]!);
    if (!command?.subcommands || args.length < 2) return command ?? null;
    return command.subcommands.get(args[1]!.toLowerCase()) ?? null;
  }

  private reject(client: Client, message: string, command: Command | null): DispatchResult {
    if (command) command.stats.rejected++;
    if (client.multi !== null) {
      // rejectCommand: a rejected EXEC (e.g. OOM) aborts the transaction at once (execCommandAbort).
      if (command?.spec.name === 'exec') {
        client.multi = null;
        client.multiError = false;
        this.node.watches.unwatchAll(client);
        client.error(`EXECABORT Transaction discarded because of: ${message}`);
        return 'done';
      }
      client.multiError = true;
    }
    client.error(message);
    return 'done';
  }
}

function isWriteCommand(command: Command): boolean {
  return command.isWrite;
}

function mayReplicateCommand(command: Command): boolean {
  return command.isWrite || command.mayReplicate;
}

function checkArity(command: Command, argc: number): string | undefined {
  const arity = command.spec.arity;
  if ((arity > 0 && argc !== arity) || argc < -arity) return wrongArity(command.fullName);
  return undefined;
}
