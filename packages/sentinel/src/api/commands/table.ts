import type { Connection } from '../connection.js';
import type { InfoFacts } from '../info.js';
import type { SentinelModel } from '../model.js';
import { clientCommand } from './client.js';
import { connectionCommands } from './connection.js';
import { pubsubCommands } from './pubsub.js';
import { sentinelCommand } from './sentinel.js';
import { serverCommands } from './server.js';

/**
 * The commands of sentinel mode (redis-sentinel 7.0.15's command table: the CMD_SENTINEL ones), each with
 * Redis's arity; containers (SENTINEL, CLIENT) hold subcommands with their own arity. The dispatcher
 * (server.ts) checks name, arity and the RESP2 subscribe context before a handler runs, as processCommand.
 * Each family of commands is declared in its own file next to this one.
 */

export type Handler = (conn: Connection, args: string[]) => void;

export interface CommandSpec {
  /** Lower-case name; `fullName` is Redis's "container|sub" for subcommands. */
  readonly name: string;
  readonly fullName: string;
  readonly arity: number;
  readonly handler: Handler;
  readonly subcommands?: ReadonlyMap<string, CommandSpec>;
  /** May run in RESP2 subscribe mode. */
  readonly pubsubContext?: boolean;
}

/** A command as its family declares it: the table derives its full name. */
export type CommandDef = Omit<CommandSpec, 'fullName' | 'subcommands'>;

/** A container command (CLIENT, SENTINEL): only its subcommands run. */
export interface ContainerDef {
  readonly name: string;
  readonly arity: number;
  readonly subcommands: readonly CommandDef[];
}

/** What the handlers need from the server besides the model. */
export interface CommandHost {
  readonly model: SentinelModel;
  readonly announceIp: string;
  readonly announcePort: number;
  readonly resolveHostnames: boolean;
  readonly announceHostnames: boolean;
  clients(): Iterable<Connection>;
  client(id: number): Connection | undefined;
  infoFacts(): InfoFacts;
  wallNow(): number;
  subscribe(conn: Connection, channel: string): void;
  unsubscribe(conn: Connection, channel: string): boolean;
  psubscribe(conn: Connection, pattern: string): void;
  punsubscribe(conn: Connection, pattern: string): boolean;
  /** SHUTDOWN: undefined when the owner gave no way to stop the process. */
  readonly shutdown: (() => void) | undefined;
}

export function buildCommandTable(host: CommandHost): Map<string, CommandSpec> {
  const table = new Map<string, CommandSpec>();
  const defs: (CommandDef | ContainerDef)[] = [
    ...connectionCommands,
    clientCommand(host),
    ...pubsubCommands(host),
    ...serverCommands(host),
    sentinelCommand(host),
  ];
  for (const def of defs) {
    if ('subcommands' in def) {
      const subcommands = new Map<string, CommandSpec>();
      for (const s of def.subcommands) subcommands.set(s.name, { ...s, fullName: `${def.name}|${s.name}` });
      // The container itself only runs when no subcommand is given, and its arity (-2) refuses that first.
      table.set(def.name, { name: def.name, fullName: def.name, arity: def.arity, handler: () => {}, subcommands });
    } else {
      table.set(def.name, { ...def, fullName: def.name });
    }
  }
  return table;
}
