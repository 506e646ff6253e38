import type { Client } from '../server/client.js';

/** Command flags as Redis 7.0 names them (COMMAND INFO prints these). */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'no_multi'
  | 'no_async_loading'
  | 'allow_busy';

export type CommandHandler = (client: Client, args: string[]) => void;

/**
 * A command as data: the dispatcher checks arity, auth, MULTI queuing (and later READONLY and OOM) from
 * these fields before the handler runs, so handlers never repeat those checks.
 */
export interface CommandSpec {
  /** Lower-case name; for a subcommand, the subcommand's own name ("get" under "config"). */
  name: string;
  /** Redis arity: N means exactly N arguments including the name; -N means at least N. */
  arity: number;
  flags: readonly CommandFlag[];
  /** Key positions (1-based argument indexes, lastKey -1 = last argument, 0 = no keys), as COMMAND INFO. */
  firstKey: number;
  lastKey: number;
  step: number;
  /** COMMAND DOCS fields. */
  group: string;
  summary: string;
  since: string;
  complexity?: string;
  /** ACL categories beyond those implied by the flags (e.g. '@string', '@keyspace'). */
  categories?: readonly string[];
  /**
   * May lazily expire keys it did not name (SCAN, RANDOMKEY): its expiry DELs are logged one by one, not
   * wrapped in MULTI/EXEC (Redis's CMD_TOUCHES_ARBITRARY_KEYS, which COMMAND INFO does not show).
   */
  touchesArbitraryKeys?: boolean;
  handler?: CommandHandler;
  subcommands?: readonly CommandSpec[];
}

/** A command family module exports its specs as one array. */
export type CommandFamily = readonly CommandSpec[];

/** Shorthand for the common no-key spec fields. */
export const NO_KEYS = { firstKey: 0, lastKey: 0, step: 0 } as const;
/** Shorthand for commands whose only key is the first argument. */
export const FIRST_KEY = { firstKey: 1, lastKey: 1, step: 1 } as const;
