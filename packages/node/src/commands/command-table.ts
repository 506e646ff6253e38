import type { CommandFlag, CommandSpec } from './types.js';

/** A registered command: the spec plus what the dispatcher checks on every call, precomputed. */
export interface Command {
  readonly spec: CommandSpec;
  /** "config|get" for subcommands, as Redis names them in errors and stats. */
  readonly fullName: string;
  readonly parent: Command | null;
  readonly subcommands: Map<string, Command> | null;
  readonly isWrite: boolean;
  readonly noAuth: boolean;
  readonly denyOom: boolean;
  readonly isPubsub: boolean;
  readonly noMulti: boolean;
  readonly mayReplicate: boolean;
  readonly isAdmin: boolean;
  stats: { calls: number; usec: number; rejected: number; failed: number };
}

export class CommandTable {
  private readonly commands = new Map<string, Command>();

  constructor(families: readonly (readonly CommandSpec[])[]) {
    for (const family of families) for (const spec of family) this.add(spec, null);
  }

  private add(spec: CommandSpec, parent: Command | null): Command {
    const has = (f: CommandFlag): boolean => spec.flags.includes(f);
    const command: Command = {
      spec,
      fullName: parent ? `${parent.spec.name}|${spec.name}` : spec.name,
      parent,
      subcommands: spec.subcommands ? new Map() : null,
      isWrite: has('write'),
      noAuth: has('no_auth'),
      denyOom: has('denyoom'),
      isPubsub: has('pubsub'),
      noMulti: has('no_multi'),
      mayReplicate: has('may_replicate'),
      isAdmin: has('admin'),
      stats: { calls: 0, usec: 0, rejected: 0, failed: 0 },
    };
    if (!parent) {
      if (this.commands.has(spec.name)) throw new Error(`command ${spec.name} registered twice`);
      this.commands.set(spec.name, command);
    }
    for (const sub of spec.subcommands ?? []) command.subcommands!.set(sub.name, this.add(sub, command));
    return command;
  }

  get(lowerName: string): Command | undefined {
    return this.commands.get(lowerName);
  }

  all(): IterableIterator<Command> {
    return this.commands.values();
  }

  get size(): number {
    return this.commands.size;
  }
}
