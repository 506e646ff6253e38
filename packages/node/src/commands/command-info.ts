import { globMatch, replyHelp as replyHelpTo } from '@understudy/resp';
import { SYNTAX } from '../errors.js';
import type { Client } from '../server/client.js';
import type { Command, CommandTable } from './command-table.js';
import { NO_KEYS, type CommandFamily, type CommandFlag, type CommandSpec } from './types.js';

/**
 * COMMAND and its subcommands (server.c commandCommand & co.): the command table described in Redis 7.0's
 * reply shapes, ACL categories derived as Redis derives them, key positions from key specs.
 */

// --- HELP replies (shared by the families that have a HELP subcommand) -----------------------------------

/** Redis's addReplyHelp: a header naming the command, the given lines, then HELP's own two lines. */
/**
 * The HELP subcommand of a container command (CLIENT HELP, CONFIG HELP...): `base` gives what differs between
 * them (group, key positions, since, complexity); it answers `lines` through replyHelp.
 */
export function helpSubcommand(
  base: Omit<CommandSpec, 'name' | 'arity' | 'flags' | 'summary' | 'handler'>,
  lines: readonly string[],
): CommandSpec {
  return {
    ...base,
    name: 'help',
    arity: 2,
    flags: ['loading', 'stale'],
    summary: 'Show helpful text about the different subcommands',
    handler: (c, a) => replyHelp(c, a[0]!, lines),
  };
}

export function replyHelp(client: Client, command: string, lines: readonly string[]): void {
  replyHelpTo(client.reply, command, lines);
}

// --- metadata beyond CommandSpec's fields -----------------------------------------------------------------

/** Key spec flags, in the order Redis prints them. */
export const KEY_SPEC_FLAGS = [
  'RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags',
] as const;
export type KeySpecFlag = (typeof KEY_SPEC_FLAGS)[number];

/**
 * Where a command's keys are (Redis 7 key specs): begin the search at an argument index or after a keyword,
 * then take a range of arguments or a count given by an argument. 'unknown' parts cannot be resolved from the
 * arguments alone (SORT's BY/GET/STORE): a key-finding function covers them.
 */
export interface KeySpec {
  flags: readonly KeySpecFlag[];
  notes?: string;
  beginSearch: { index: number } | { keyword: string; startFrom: number } | 'unknown';
  findKeys:
    | { lastKey: number; keyStep: number; limit: number }
    | { keyNumIndex: number; firstKey: number; keyStep: number }
    | 'unknown';
}

/** A key found in a command line: its argument index and access flags. */
export interface FoundKey {
  position: number;
  flags: readonly KeySpecFlag[];
}

/** What COMMAND INFO/DOCS print beyond CommandSpec's fields. */
interface Metadata {
  /** Lower-case command tips ("nondeterministic_output", "request_policy:all_shards"...). */
  tips: readonly string[];
  keySpecs: readonly KeySpec[];
  docFlags: readonly string[];
  deprecatedSince?: string;
  replacedBy?: string;
}

/**
 * A command's metadata: Redis 7.0.15's own (the tables at the end of this file, from src/commands/*.json).
 * The table test holds every spec's firstKey/lastKey/step to these key specs, so the two never disagree.
 */
function metadataOf(command: Command): Metadata {
  const name = command.fullName;
  const docs = REDIS_DOC_FLAGS.get(name);
  return {
    tips: REDIS_TIPS.get(name) ?? [],
    keySpecs: REDIS_KEY_SPECS.get(name) ?? [],
    docFlags: docs?.flags ?? [],
    deprecatedSince: docs?.deprecatedSince,
    replacedBy: docs?.replacedBy,
  };
}

/** Redis's command groups (COMMAND DOCS "group"), in COMMAND_GROUP_STR's order. */
export const COMMAND_GROUPS = [
  'generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'pubsub', 'transactions', 'connection', 'server',
  'scripting', 'hyperloglog', 'cluster', 'sentinel', 'geo', 'stream', 'bitmap', 'module',
] as const;

/** ACL categories in the order Redis prints them (acl.c ACLCommandCategories). */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
] as const;

/** The category every plain (non-container) command of a group has in Redis's command table. */
const GROUP_CATEGORY: Readonly<Record<string, string>> = {
  generic: 'keyspace',
  string: 'string',
  list: 'list',
  set: 'set',
  'sorted-set': 'sortedset',
  hash: 'hash',
  transactions: 'transaction',
  connection: 'connection',
  scripting: 'scripting',
  hyperloglog: 'hyperloglog',
  geo: 'geo',
  stream: 'stream',
  bitmap: 'bitmap',
};
const TYPE_CATEGORIES = new Set(Object.values(GROUP_CATEGORY));

/**
 * A command's ACL categories, without the '@': the group's own category (containers have none; a spec
 * that names other type categories, like SORT's @set @sortedset @list, replaces it), the spec's extra
 * categories, then what Redis's setImplicitACLCategories adds from the flags.
 */
export function aclCategories(spec: CommandSpec): Set<string> {
  const categories = new Set<string>();
  const extra = (spec.categories ?? []).map((c) => c.replace(/^@/, ''));
  const groupCategory = GROUP_CATEGORY[spec.group];
  if (groupCategory && !spec.subcommands && !extra.some((c) => TYPE_CATEGORIES.has(c))) categories.add(groupCategory);
  for (const c of extra) categories.add(c);
  const has = (flag: CommandFlag): boolean => spec.flags.includes(flag);
  if (has('write')) categories.add('write');
  if (has('readonly') && !categories.has('scripting')) categories.add('read');
  if (has('admin')) categories.add('admin').add('dangerous');
  if (has('pubsub')) categories.add('pubsub');
  if (has('fast')) categories.add('fast');
  if (has('blocking')) categories.add('blocking');
  if (!categories.has('fast')) categories.add('slow');
  return categories;
}

export interface LegacyRange {
  firstKey: number;
  lastKey: number;
  step: number;
  /** Some keys lie outside the range (Redis's CMD_MOVABLE_KEYS). */
  movable: boolean;
}

/**
 * The (first, last, step) range COMMAND INFO reports, glued from plain range specs, and whether keys can
 * lie outside it (server.c populateCommandLegacyRangeSpec).
 */
export function legacyRange(keySpecs: readonly KeySpec[]): LegacyRange {
  const none = { firstKey: 0, lastKey: 0, step: 0 };
  const isRange = (k: KeySpec): boolean =>
    typeof k.beginSearch === 'object' && 'index' in k.beginSearch && typeof k.findKeys === 'object' && 'lastKey' in k.findKeys;
  if (keySpecs.length === 0) return { ...none, movable: false };
  if (keySpecs.length === 1 && isRange(keySpecs[0]!)) {
    const only = keySpecs[0]!;
    const first = (only.beginSearch as { index: number }).index;
    const find = only.findKeys as { lastKey: number; keyStep: number };
    return {
      firstKey: first,
      lastKey: find.lastKey >= 0 ? find.lastKey + first : find.lastKey,
      step: find.keyStep,
      movable: only.flags.includes('incomplete'),
    };
  }
  let movable = false;
  let first = Infinity;
  let last = 0;
  let previousLast = 0;
  for (const keySpec of keySpecs) {
    if (!isRange(keySpec)) {
      movable = true;
      continue;
    }
    const position = (keySpec.beginSearch as { index: number }).index;
    const find = keySpec.findKeys as { lastKey: number; keyStep: number };
    if (find.keyStep !== 1 || (previousLast !== 0 && previousLast !== position - 1)) {
      movable = true;
      continue;
    }
    if (keySpec.flags.includes('incomplete')) movable = true;
    first = Math.min(first, position);
    const absoluteLast = find.lastKey >= 0 ? find.lastKey + position : find.lastKey;
    // Compared as unsigned in Redis: a negative (from-the-end) last key wins.
    if (absoluteLast >>> 0 > last >>> 0) last = absoluteLast;
    previousLast = last;
  }
  if (first === Infinity) return { ...none, movable: true };
  return { firstKey: first, lastKey: last, step: 1, movable };
}

/**
 * Flags as COMMAND INFO prints them, in Redis's order (may_replicate is hidden; movablekeys is derived).
 * 'asking' and 'no_async_loading' are printed as soon as a spec can carry them.
 */
const FLAG_ORDER: readonly string[] = [
  'write', 'readonly', 'denyoom', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale', 'skip_monitor',
  'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi', 'movablekeys',
  'allow_busy',
];

function infoFlags(command: Command): string[] {
  const movable = legacyRange(metadataOf(command).keySpecs).movable;
  const flags: readonly string[] = command.spec.flags;
  return FLAG_ORDER.filter((f) => (f === 'movablekeys' ? movable : flags.includes(f)));
}

function orderedKeyFlags(flags: readonly KeySpecFlag[]): KeySpecFlag[] {
  return KEY_SPEC_FLAGS.filter((f) => flags.includes(f));
}

// --- lookups ----------------------------------------------------------------------------------------------

/** lookupCommandBySds: "name" or "container|sub", case-insensitive; anything else is no command. */
function lookupByFullName(table: CommandTable, fullName: string): Command | undefined {
  const parts = fullName.toLowerCase().split('|');
  const base = table.get(parts[0]!);
  if (parts.length === 1) return base;
  if (parts.length > 2 || !base?.subcommands) return undefined;
  return base.subcommands.get(parts[1]!);
}

/** lookupCommand for a whole command line (COMMAND GETKEYS): the subcommand when the command has them. */
function lookupByArgs(table: CommandTable, args: readonly string[]): Command | undefined {
  const base = table.get(args[0]!.toLowerCase());
  if (!base || args.length === 1 || !base.subcommands) return base;
  return base.subcommands.get(args[1]!.toLowerCase());
}

// --- COMMAND INFO -----------------------------------------------------------------------------------------

function replyKeySpec(client: Client, keySpec: KeySpec): void {
  const out = client.reply;
  out.mapHeader(keySpec.notes === undefined ? 3 : 4);
  if (keySpec.notes !== undefined) {
    out.bulk('notes');
    out.bulk(keySpec.notes);
  }
  out.bulk('flags');
  const flags = orderedKeyFlags(keySpec.flags);
  out.setHeader(flags.length);
  for (const flag of flags) out.simple(flag);
  out.bulk('begin_search');
  out.mapHeader(2);
  out.bulk('type');
  const begin = keySpec.beginSearch;
  if (begin === 'unknown') {
    out.bulk('unknown');
    out.bulk('spec');
    out.mapHeader(0);
  } else if ('index' in begin) {
    out.bulk('index');
    out.bulk('spec');
    out.mapHeader(1);
    out.bulk('index');
    out.integer(begin.index);
  } else {
    out.bulk('keyword');
    out.bulk('spec');
    out.mapHeader(2);
    out.bulk('keyword');
    out.bulk(begin.keyword);
    out.bulk('startfrom');
    out.integer(begin.startFrom);
  }
  out.bulk('find_keys');
  out.mapHeader(2);
  out.bulk('type');
  const find = keySpec.findKeys;
  if (find === 'unknown') {
    out.bulk('unknown');
    out.bulk('spec');
    out.mapHeader(0);
  } else if ('lastKey' in find) {
    out.bulk('range');
    out.bulk('spec');
    out.mapHeader(3);
    out.bulk('lastkey');
    out.integer(find.lastKey);
    out.bulk('keystep');
    out.integer(find.keyStep);
    out.bulk('limit');
    out.integer(find.limit);
  } else {
    out.bulk('keynum');
    out.bulk('spec');
    out.mapHeader(3);
    out.bulk('keynumidx');
    out.integer(find.keyNumIndex);
    out.bulk('firstkey');
    out.integer(find.firstKey);
    out.bulk('keystep');
    out.integer(find.keyStep);
  }
}

/** addReplyCommandInfo: the 10-element description of a command (null for an unknown one). */
function replyCommandInfo(client: Client, command: Command | undefined): void {
  const out = client.reply;
  if (!command) return out.nullArray();
  const spec = command.spec;
  const meta = metadataOf(command);
  out.arrayHeader(10);
  out.bulk(command.fullName);
  out.integer(spec.arity);
  const flags = infoFlags(command);
  out.setHeader(flags.length);
  for (const flag of flags) out.simple(flag);
  out.integer(spec.firstKey);
  out.integer(spec.lastKey);
  out.integer(spec.step);
  const categories = aclCategories(spec);
  const ordered = ACL_CATEGORIES.filter((c) => categories.has(c));
  out.setHeader(ordered.length);
  for (const category of ordered) out.simple(`@${category}`);
  out.setHeader(meta.tips.length);
  for (const tip of meta.tips) out.bulk(tip);
  out.setHeader(meta.keySpecs.length);
  for (const keySpec of meta.keySpecs) replyKeySpec(client, keySpec);
  if (!command.subcommands) return out.setHeader(0);
  out.arrayHeader(command.subcommands.size);
  for (const sub of command.subcommands.values()) replyCommandInfo(client, sub);
}

function commandAll(client: Client): void {
  const table = client.node.commands;
  client.reply.arrayHeader(table.size);
  for (const command of table.all()) replyCommandInfo(client, command);
}

function commandInfo(client: Client, args: string[]): void {
  if (args.length === 2) return commandAll(client);
  const table = client.node.commands;
  client.reply.arrayHeader(args.length - 2);
  for (let i = 2; i < args.length; i++) replyCommandInfo(client, lookupByFullName(table, args[i]!));
}

// --- COMMAND DOCS -----------------------------------------------------------------------------------------

/**
 * addReplyCommandDocs. The table carries no argument descriptions nor change history, so "arguments" and
 * "history" are left out, as Redis leaves them out for a command that has none.
 */
function replyCommandDocs(client: Client, command: Command): void {
  const out = client.reply;
  const spec = command.spec;
  const meta = metadataOf(command);
  const fields: [string, string][] = [];
  if (spec.summary) fields.push(['summary', spec.summary]);
  if (spec.since) fields.push(['since', spec.since]);
  fields.push(['group', spec.group]);
  if (spec.complexity) fields.push(['complexity', spec.complexity]);
  const hasDocFlags = meta.docFlags.length > 0;
  out.mapHeader(
    fields.length + (hasDocFlags ? 1 : 0) + (meta.deprecatedSince ? 1 : 0) + (meta.replacedBy ? 1 : 0) +
      (command.subcommands ? 1 : 0),
  );
  for (const [name, value] of fields) {
    out.bulk(name);
    out.bulk(value);
  }
  if (hasDocFlags) {
    out.bulk('doc_flags');
    out.setHeader(meta.docFlags.length);
    for (const flag of meta.docFlags) out.simple(flag);
  }
  if (meta.deprecatedSince) {
    out.bulk('deprecated_since');
    out.bulk(meta.deprecatedSince);
  }
  if (meta.replacedBy) {
    out.bulk('replaced_by');
    out.bulk(meta.replacedBy);
  }
  if (command.subcommands) {
    out.bulk('subcommands');
    out.mapHeader(command.subcommands.size);
    for (const sub of command.subcommands.values()) {
      out.bulk(sub.fullName);
      replyCommandDocs(client, sub);
    }
  }
}

function commandDocs(client: Client, args: string[]): void {
  const table = client.node.commands;
  const found: Command[] = [];
  if (args.length === 2) found.push(...table.all());
  for (let i = 2; i < args.length; i++) {
    const command = lookupByFullName(table, args[i]!);
    if (command) found.push(command);
  }
  client.reply.mapHeader(found.length);
  for (const command of found) {
    client.reply.bulk(command.fullName);
    replyCommandDocs(client, command);
  }
}

// --- COMMAND LIST -----------------------------------------------------------------------------------------

/** Every command and subcommand, parents first, as COMMAND LIST walks them. */
export function* everyCommand(table: CommandTable): Generator<Command> {
  for (const command of table.all()) {
    yield command;
    if (command.subcommands) yield* command.subcommands.values();
  }
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
function commandList(client: Client, args: string[]): void {
  let keep: (command: Command) => boolean = () => true;
  if (args.length > 2) {
    if (args.length !== 5 || args[2]!.toLowerCase() !== 'filterby') return client.error(SYNTAX);
    const kind = args[3]!.toLowerCase();
    const value = args[4]!;
    if (kind === 'module') {
      // No modules can be loaded, so no command belongs to one.
      keep = () => false;
    } else if (kind === 'aclcat') {
      const category = value.toLowerCase();
      keep = (c) => aclCategories(c.spec).has(category);
    } else if (kind === 'pattern') {
      keep = (c) => globMatch(value, c.fullName, true);
    } else {
      return client.error(SYNTAX);
    }
  }
  const names: string[] = [];
  for (const command of everyCommand(client.node.commands)) if (keep(command)) names.push(command.fullName);
  client.reply.bulkArray(names);
}

// --- COMMAND GETKEYS --------------------------------------------------------------------------------------

/** string2ll for a key count: a canonical integer, else NaN. */
function keyCount(text: string): number {
  return /^(0|-?[1-9][0-9]{0,17})$/.test(text) ? Number(text) : NaN;
}

/**
 * Key positions of a command line from key specs (db.c getKeysUsingKeySpecs); null when the arguments do not
 * fit them (a key count out of range, a missing key) or a spec cannot be resolved (unknown, incomplete).
 */
function keysFromSpecs(keySpecs: readonly KeySpec[], args: readonly string[]): FoundKey[] | null {
  const found: FoundKey[] = [];
  const argc = args.length;
  for (const keySpec of keySpecs) {
    if (keySpec.flags.includes('not_key')) continue;
    const begin = keySpec.beginSearch;
    const find = keySpec.findKeys;
    if (begin === 'unknown' || find === 'unknown') return null;
    let first = 0;
    if ('index' in begin) {
      first = begin.index;
    } else {
      // Searching forward stops before the last argument, backward before the first: a key must follow.
      const start = begin.startFrom > 0 ? begin.startFrom : argc + begin.startFrom;
      const end = begin.startFrom > 0 ? argc - 1 : 1;
      const keyword = begin.keyword.toLowerCase();
      for (let i = start; i !== end; i += start <= end ? 1 : -1) {
        if (i < 1 || i >= argc) break;
        if (args[i]!.toLowerCase() === keyword) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue;
    }
    let last: number;
    if ('lastKey' in find) {
      if (find.lastKey >= 0) last = first + find.lastKey;
      else if (find.limit === 0) last = argc + find.lastKey;
      else last = first + (Math.floor((argc - first) / find.limit) + find.lastKey);
    } else {
      if (first + find.keyNumIndex >= argc) return null;
      const count = keyCount(args[first + find.keyNumIndex]!);
      if (!(count >= 0)) return null;
      first += find.firstKey;
      last = first + count - 1;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += find.keyStep) found.push({ position: i, flags: keySpec.flags });
    if (keySpec.flags.includes('incomplete')) return null;
  }
  return found;
}

/**
 * The keys of a command line (getKeysFromCommandWithSpecs): from the key specs when they resolve and their
 * flags do not depend on the arguments, else from the command's own key finder.
 */
export function keysOf(command: Command, args: readonly string[]): FoundKey[] {
  const keySpecs = metadataOf(command).keySpecs;
  const hasKeys = keySpecs.some((k) => !k.flags.includes('not_key'));
  const variableFlags = keySpecs.some((k) => k.flags.includes('variable_flags'));
  if (hasKeys && !variableFlags) {
    const found = keysFromSpecs(keySpecs, args);
    if (found !== null) return found;
  }
  return KEY_FINDERS.get(command.fullName)?.(args) ?? [];
}

function getKeys(client: Client, args: string[], withFlags: boolean): void {
  const line = args.slice(2);
  const command = lookupByArgs(client.node.commands, line);
  if (!command) return client.error('ERR Invalid command specified');
  const spec = command.spec;
  const keySpecs = metadataOf(command).keySpecs;
  if (!keySpecs.some((k) => !k.flags.includes('not_key')) && !KEY_FINDERS.has(command.fullName)) {
    return client.error('ERR The command has no key arguments');
  }
  if ((spec.arity > 0 && spec.arity !== line.length) || line.length < -spec.arity) {
    return client.error('ERR Invalid number of arguments specified for command');
  }
  const keys = keysOf(command, line);
  if (keys.length === 0) {
    if (spec.flags.includes('no_mandatory_keys')) return client.reply.arrayHeader(0);
    return client.error('ERR Invalid arguments specified for command');
  }
  const out = client.reply;
  out.arrayHeader(keys.length);
  for (const key of keys) {
    if (!withFlags) {
      out.bulk(line[key.position]!);
      continue;
    }
    out.arrayHeader(2);
    out.bulk(line[key.position]!);
    const flags = orderedKeyFlags(key.flags);
    out.setHeader(flags.length);
    for (const flag of flags) out.simple(flag);
  }
}

// --- the table ----------------------------------------------------------------------------------------------

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const server = { group: 'server', ...NO_KEYS, categories: ['@connection'] } as const;
const flags = ['loading', 'stale'] as const;

const subcommands: CommandSpec[] = [
  {
    ...server,
    name: 'count',
    arity: 2,
    flags,
    summary: 'Get total number of Redis commands',
    since: '2.8.13',
    complexity: 'O(1)',
    handler: (c) => c.reply.integer(c.node.commands.size),
  },
  {
    ...server,
    name: 'info',
    arity: -2,
    flags,
    summary: 'Get array of specific Redis command details, or all when no argument is given.',
    since: '2.8.13',
    complexity: 'O(N) where N is the number of commands to look up',
    handler: commandInfo,
  },
  {
    ...server,
    name: 'docs',
    arity: -2,
    flags,
    summary: 'Get array of specific Redis command documentation',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of commands to look up',
    handler: commandDocs,
  },
  {
    ...server,
    name: 'list',
    arity: -2,
    flags,
    summary: 'Get an array of Redis command names',
    since: '7.0.0',
    complexity: 'O(N) where N is the total number of Redis commands',
    handler: commandList,
  },
  {
    ...server,
    name: 'getkeys',
    arity: -4,
    flags,
    summary: 'Extract keys given a full Redis command',
    since: '2.8.13',
    complexity: 'O(N) where N is the number of arguments to the command',
    handler: (c, a) => getKeys(c, a, false),
  },
  {
    ...server,
    name: 'getkeysandflags',
    arity: -4,
    flags,
    summary: 'Extract keys and access flags given a full Redis command',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of arguments to the command',
    handler: (c, a) => getKeys(c, a, true),
  },
  helpSubcommand({ ...server, since: '5.0.0', complexity: 'O(1)' }, COMMAND_HELP),
];

export const commandInfoCommands: CommandFamily = [
  {
    ...server,
    name: 'command',
    arity: -1,
    flags,
    summary: 'Get array of Redis command details',
    since: '2.8.13',
    complexity: 'O(N) where N is the total number of Redis commands',
    handler: commandAll,
    subcommands,
  },
];

// --- key finders --------------------------------------------------------------------------------------------

const RO_ACCESS: readonly KeySpecFlag[] = ['RO', 'access'];
const RW_ACCESS_UPDATE: readonly KeySpecFlag[] = ['RW', 'access', 'update'];

/** SORT's keys (db.c sortGetKeys): the sorted key, and the last STORE destination (options skipped). */
function sortKeys(args: readonly string[]): FoundKey[] {
  const keys: FoundKey[] = [{ position: 1, flags: RO_ACCESS }];
  let store: FoundKey | null = null;
  for (let i = 2; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    if (option === 'limit') i += 2;
    else if (option === 'get' || option === 'by') i += 1;
    else if (option === 'store' && i + 1 < args.length) store = { position: i + 1, flags: ['OW', 'update'] };
  }
  if (store) keys.push(store);
  return keys;
}

/** MIGRATE's keys (migrateGetKeys): the key argument, or every key after KEYS when that one is empty. */
function migrateKeys(args: readonly string[]): FoundKey[] {
  let first = 3;
  let count = 1;
  for (let i = 6; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    if (option === 'keys') {
      if (args[3]!.length > 0) count = 0;
      else {
        first = i + 1;
        count = args.length - first;
      }
      break;
    }
    if (option === 'auth') i += 1;
    else if (option === 'auth2') i += 2;
  }
  const keys: FoundKey[] = [];
  for (let i = 0; i < count; i++) keys.push({ position: first + i, flags: ['RW', 'access', 'delete'] });
  return keys;
}

/** SET's key is read too when GET is given (setGetKeys). */
function setKeys(args: readonly string[]): FoundKey[] {
  for (let i = 3; i < args.length; i++) {
    if (args[i]!.toLowerCase() === 'get') return [{ position: 1, flags: RW_ACCESS_UPDATE }];
  }
  return [{ position: 1, flags: ['OW', 'update'] }];
}

/** BITFIELD only reads its key when every operation is a GET (bitfieldGetKeys). */
function bitfieldKeys(args: readonly string[]): FoundKey[] {
  for (let i = 2; i < args.length; i++) {
    const remaining = args.length - i - 1;
    const op = args[i]!.toLowerCase();
    if (op === 'get' && remaining >= 2) i += 2;
    else if (op === 'overflow' && remaining >= 1) i += 1;
    else return [{ position: 1, flags: RW_ACCESS_UPDATE }];
  }
  return [{ position: 1, flags: RO_ACCESS }];
}

/** Commands whose keys the specs cannot give (Redis's getkeys_proc fallbacks). */
const KEY_FINDERS: ReadonlyMap<string, (args: readonly string[]) => FoundKey[]> = new Map([
  ['sort', sortKeys],
  ['sort_ro', () => [{ position: 1, flags: RO_ACCESS }]],
  ['migrate', migrateKeys],
  ['set', setKeys],
  ['bitfield', bitfieldKeys],
]);

// --- Redis 7.0.15's command metadata (src/commands/*.json) ----------------------------------------------------

/**
 * Parses one key spec written as "FLAGS BEGIN FIND": flags comma-separated; BEGIN `i<index>`,
 * `k<KEYWORD>,<startfrom>` or `u`; FIND `r<lastkey>,<step>,<limit>`, `n<keynumidx>,<firstkey>,<step>` or `u`.
 */
function parseKeySpec(text: string): KeySpec {
  const [flags, begin, find] = text.split(' ') as [string, string, string];
  const numbers = (s: string): number[] => s.slice(1).split(',').map(Number);
  let beginSearch: KeySpec['beginSearch'] = 'unknown';
  if (begin[0] === 'i') beginSearch = { index: Number(begin.slice(1)) };
  else if (begin[0] === 'k') {
    const comma = begin.lastIndexOf(',');
    beginSearch = { keyword: begin.slice(1, comma), startFrom: Number(begin.slice(comma + 1)) };
  }
  let findKeys: KeySpec['findKeys'] = 'unknown';
  if (find[0] === 'r') {
    const [lastKey, keyStep, limit] = numbers(find) as [number, number, number];
    findKeys = { lastKey, keyStep, limit };
  } else if (find[0] === 'n') {
    const [keyNumIndex, firstKey, keyStep] = numbers(find) as [number, number, number];
    findKeys = { keyNumIndex, firstKey, keyStep };
  }
  return { flags: flags.split(',') as KeySpecFlag[], beginSearch, findKeys };
}

function parseKeySpecTable(table: Readonly<Record<string, string>>, notes: readonly (readonly [string, number, string])[]) {
  const parsed = new Map<string, KeySpec[]>();
  for (const [name, specs] of Object.entries(table)) parsed.set(name, specs.split('; ').map(parseKeySpec));
  for (const [name, index, note] of notes) parsed.get(name)![index]!.notes = note;
  return parsed;
}

/** Key specs of every Redis 7.0.15 command that has keys. */
export const REDIS_KEY_SPECS: ReadonlyMap<string, readonly KeySpec[]> = parseKeySpecTable(
  {
  append: 'RW,insert i1 r0,1,0',
  bitcount: 'RO,access i1 r0,1,0',
  bitfield: 'RW,update,access,variable_flags i1 r0,1,0',
  bitfield_ro: 'RO,access i1 r0,1,0',
  bitop: 'OW,update i2 r0,1,0; RO,access i3 r-1,1,0',
  bitpos: 'RO,access i1 r0,1,0',
  blmove: 'RW,access,delete i1 r0,1,0; RW,insert i2 r0,1,0',
  blmpop: 'RW,access,delete i2 n0,1,1',
  blpop: 'RW,access,delete i1 r-2,1,0',
  brpop: 'RW,access,delete i1 r-2,1,0',
  brpoplpush: 'RW,access,delete i1 r0,1,0; RW,insert i2 r0,1,0',
  bzmpop: 'RW,access,delete i2 n0,1,1',
  bzpopmax: 'RW,access,delete i1 r-2,1,0',
  bzpopmin: 'RW,access,delete i1 r-2,1,0',
  copy: 'RO,access i1 r0,1,0; OW,update i2 r0,1,0',
  decr: 'RW,access,update i1 r0,1,0',
  decrby: 'RW,access,update i1 r0,1,0',
  del: 'RM,delete i1 r-1,1,0',
  dump: 'RO,access i1 r0,1,0',
  eval: 'RW,access,update i2 n0,1,1',
  eval_ro: 'RO,access i2 n0,1,1',
  evalsha: 'RW,access,update i2 n0,1,1',
  evalsha_ro: 'RO,access i2 n0,1,1',
  exists: 'RO i1 r-1,1,0',
  expire: 'RW,update i1 r0,1,0',
  expireat: 'RW,update i1 r0,1,0',
  expiretime: 'RO,access i1 r0,1,0',
  fcall: 'RW,access,update i2 n0,1,1',
  fcall_ro: 'RO,access i2 n0,1,1',
  geoadd: 'RW,update i1 r0,1,0',
  geodist: 'RO,access i1 r0,1,0',
  geohash: 'RO,access i1 r0,1,0',
  geopos: 'RO,access i1 r0,1,0',
  georadius: 'RO,access i1 r0,1,0; OW,update kSTORE,6 r0,1,0; OW,update kSTOREDIST,6 r0,1,0',
  georadius_ro: 'RO,access i1 r0,1,0',
  georadiusbymember: 'RO,access i1 r0,1,0; OW,update kSTORE,5 r0,1,0; OW,update kSTOREDIST,5 r0,1,0',
  georadiusbymember_ro: 'RO,access i1 r0,1,0',
  geosearch: 'RO,access i1 r0,1,0',
  geosearchstore: 'OW,update i1 r0,1,0; RO,access i2 r0,1,0',
  get: 'RO,access i1 r0,1,0',
  getbit: 'RO,access i1 r0,1,0',
  getdel: 'RW,access,delete i1 r0,1,0',
  getex: 'RW,access,update i1 r0,1,0',
  getrange: 'RO,access i1 r0,1,0',
  getset: 'RW,access,update i1 r0,1,0',
  hdel: 'RW,delete i1 r0,1,0',
  hexists: 'RO i1 r0,1,0',
  hget: 'RO,access i1 r0,1,0',
  hgetall: 'RO,access i1 r0,1,0',
  hincrby: 'RW,access,update i1 r0,1,0',
  hincrbyfloat: 'RW,access,update i1 r0,1,0',
  hkeys: 'RO,access i1 r0,1,0',
  hlen: 'RO i1 r0,1,0',
  hmget: 'RO,access i1 r0,1,0',
  hmset: 'RW,update i1 r0,1,0',
  hrandfield: 'RO,access i1 r0,1,0',
  hscan: 'RO,access i1 r0,1,0',
  hset: 'RW,update i1 r0,1,0',
  hsetnx: 'RW,insert i1 r0,1,0',
  hstrlen: 'RO i1 r0,1,0',
  hvals: 'RO,access i1 r0,1,0',
  incr: 'RW,access,update i1 r0,1,0',
  incrby: 'RW,access,update i1 r0,1,0',
  incrbyfloat: 'RW,access,update i1 r0,1,0',
  lcs: 'RO,access i1 r1,1,0',
  lindex: 'RO,access i1 r0,1,0',
  linsert: 'RW,insert i1 r0,1,0',
  llen: 'RO i1 r0,1,0',
  lmove: 'RW,access,delete i1 r0,1,0; RW,insert i2 r0,1,0',
  lmpop: 'RW,access,delete i1 n0,1,1',
  lpop: 'RW,access,delete i1 r0,1,0',
  lpos: 'RO,access i1 r0,1,0',
  lpush: 'RW,insert i1 r0,1,0',
  lpushx: 'RW,insert i1 r0,1,0',
  lrange: 'RO,access i1 r0,1,0',
  lrem: 'RW,delete i1 r0,1,0',
  lset: 'RW,update i1 r0,1,0',
  ltrim: 'RW,delete i1 r0,1,0',
  'memory|usage': 'RO i2 r0,1,0',
  mget: 'RO,access i1 r-1,1,0',
  migrate: 'RW,access,delete i3 r0,1,0; RW,access,delete,incomplete kKEYS,-2 r-1,1,0',
  move: 'RW,access,update i1 r0,1,0',
  mset: 'OW,update i1 r-1,2,0',
  msetnx: 'OW,insert i1 r-1,2,0',
  'object|encoding': 'RO i2 r0,1,0',
  'object|freq': 'RO i2 r0,1,0',
  'object|idletime': 'RO i2 r0,1,0',
  'object|refcount': 'RO i2 r0,1,0',
  persist: 'RW,update i1 r0,1,0',
  pexpire: 'RW,update i1 r0,1,0',
  pexpireat: 'RW,update i1 r0,1,0',
  pexpiretime: 'RO,access i1 r0,1,0',
  pfadd: 'RW,insert i1 r0,1,0',
  pfcount: 'RW,access i1 r-1,1,0',
  pfdebug: 'RW,access i2 r0,1,0',
  pfmerge: 'RW,access,insert i1 r0,1,0; RO,access i2 r-1,1,0',
  psetex: 'OW,update i1 r0,1,0',
  pttl: 'RO,access i1 r0,1,0',
  rename: 'RW,access,delete i1 r0,1,0; OW,update i2 r0,1,0',
  renamenx: 'RW,access,delete i1 r0,1,0; OW,insert i2 r0,1,0',
  restore: 'OW,update i1 r0,1,0',
  'restore-asking': 'OW,update i1 r0,1,0',
  rpop: 'RW,access,delete i1 r0,1,0',
  rpoplpush: 'RW,access,delete i1 r0,1,0; RW,insert i2 r0,1,0',
  rpush: 'RW,insert i1 r0,1,0',
  rpushx: 'RW,insert i1 r0,1,0',
  sadd: 'RW,insert i1 r0,1,0',
  scard: 'RO i1 r0,1,0',
  sdiff: 'RO,access i1 r-1,1,0',
  sdiffstore: 'OW,update i1 r0,1,0; RO,access i2 r-1,1,0',
  set: 'RW,access,update,variable_flags i1 r0,1,0',
  setbit: 'RW,access,update i1 r0,1,0',
  setex: 'OW,update i1 r0,1,0',
  setnx: 'OW,insert i1 r0,1,0',
  setrange: 'RW,update i1 r0,1,0',
  sinter: 'RO,access i1 r-1,1,0',
  sintercard: 'RO,access i1 n0,1,1',
  sinterstore: 'RW,update i1 r0,1,0; RO,access i2 r-1,1,0',
  sismember: 'RO i1 r0,1,0',
  smembers: 'RO,access i1 r0,1,0',
  smismember: 'RO,access i1 r0,1,0',
  smove: 'RW,access,delete i1 r0,1,0; RW,insert i2 r0,1,0',
  sort: 'RO,access i1 r0,1,0; RO,access u u; OW,update u u',
  sort_ro: 'RO,access i1 r0,1,0; RO,access u u',
  spop: 'RW,access,delete i1 r0,1,0',
  spublish: 'not_key i1 r0,1,0',
  srandmember: 'RO,access i1 r0,1,0',
  srem: 'RW,delete i1 r0,1,0',
  sscan: 'RO,access i1 r0,1,0',
  ssubscribe: 'not_key i1 r-1,1,0',
  strlen: 'RO i1 r0,1,0',
  substr: 'RO,access i1 r0,1,0',
  sunion: 'RO,access i1 r-1,1,0',
  sunionstore: 'OW,update i1 r0,1,0; RO,access i2 r-1,1,0',
  sunsubscribe: 'not_key i1 r-1,1,0',
  touch: 'RO i1 r-1,1,0',
  ttl: 'RO,access i1 r0,1,0',
  type: 'RO i1 r0,1,0',
  unlink: 'RM,delete i1 r-1,1,0',
  watch: 'RO i1 r-1,1,0',
  xack: 'RW,update i1 r0,1,0',
  xadd: 'RW,update i1 r0,1,0',
  xautoclaim: 'RW,delete i1 r0,1,0',
  xclaim: 'RW,update i1 r0,1,0',
  xdel: 'RW,delete i1 r0,1,0',
  'xgroup|create': 'RW,insert i2 r0,1,0',
  'xgroup|createconsumer': 'RW,insert i2 r0,1,0',
  'xgroup|delconsumer': 'RW,delete i2 r0,1,0',
  'xgroup|destroy': 'RW,delete i2 r0,1,0',
  'xgroup|setid': 'RW,update i2 r0,1,0',
  'xinfo|consumers': 'RO,access i2 r0,1,0',
  'xinfo|groups': 'RO,access i2 r0,1,0',
  'xinfo|stream': 'RO,access i2 r0,1,0',
  xlen: 'RO i1 r0,1,0',
  xpending: 'RO,access i1 r0,1,0',
  xrange: 'RO,access i1 r0,1,0',
  xread: 'RO,access kSTREAMS,1 r-1,1,2',
  xreadgroup: 'RO,access kSTREAMS,4 r-1,1,2',
  xrevrange: 'RO,access i1 r0,1,0',
  xsetid: 'RW,update i1 r0,1,0',
  xtrim: 'RW,delete i1 r0,1,0',
  zadd: 'RW,update i1 r0,1,0',
  zcard: 'RO i1 r0,1,0',
  zcount: 'RO,access i1 r0,1,0',
  zdiff: 'RO,access i1 n0,1,1',
  zdiffstore: 'OW,update i1 r0,1,0; RO,access i2 n0,1,1',
  zincrby: 'RW,access,update i1 r0,1,0',
  zinter: 'RO,access i1 n0,1,1',
  zintercard: 'RO,access i1 n0,1,1',
  zinterstore: 'OW,update i1 r0,1,0; RO,access i2 n0,1,1',
  zlexcount: 'RO,access i1 r0,1,0',
  zmpop: 'RW,access,delete i1 n0,1,1',
  zmscore: 'RO,access i1 r0,1,0',
  zpopmax: 'RW,access,delete i1 r0,1,0',
  zpopmin: 'RW,access,delete i1 r0,1,0',
  zrandmember: 'RO,access i1 r0,1,0',
  zrange: 'RO,access i1 r0,1,0',
  zrangebylex: 'RO,access i1 r0,1,0',
  zrangebyscore: 'RO,access i1 r0,1,0',
  zrangestore: 'OW,update i1 r0,1,0; RO,access i2 r0,1,0',
  zrank: 'RO,access i1 r0,1,0',
  zrem: 'RW,delete i1 r0,1,0',
  zremrangebylex: 'RW,delete i1 r0,1,0',
  zremrangebyrank: 'RW,delete i1 r0,1,0',
  zremrangebyscore: 'RW,delete i1 r0,1,0',
  zrevrange: 'RO,access i1 r0,1,0',
  zrevrangebylex: 'RO,access i1 r0,1,0',
  zrevrangebyscore: 'RO,access i1 r0,1,0',
  zrevrank: 'RO,access i1 r0,1,0',
  zscan: 'RO,access i1 r0,1,0',
  zscore: 'RO,access i1 r0,1,0',
  zunion: 'RO,access i1 n0,1,1',
  zunionstore: 'OW,update i1 r0,1,0; RO,access i2 n0,1,1',  },
  [
    ['bitfield', 0, 'This command allows both access and modification of the key'],
    ['eval', 0, 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE'],
    ['eval_ro', 0, 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS'],
    ['fcall', 0, 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE'],
    ['fcall_ro', 0, 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS'],
    ['getex', 0, 'RW and UPDATE because it changes the TTL'],
    ['pfcount', 0, 'RW because it may change the internal representation of the key, and propagate to replicas'],
    ['set', 0, 'RW and ACCESS due to the optional `GET` argument'],
    ['sort', 1, 'For the optional BY/GET keyword. It is marked \'unknown\' because the key names derive from the content of the key we sort'],
    ['sort', 2, 'For the optional STORE keyword. It is marked \'unknown\' because the keyword can appear anywhere in the argument array'],
    ['sort_ro', 1, 'For the optional BY/GET keyword. It is marked \'unknown\' because the key names derive from the content of the key we sort'],
    ['xadd', 0, 'UPDATE instead of INSERT because of the optional trimming feature'],  ],
);

/** Command tips of Redis 7.0.15's commands. */
const REDIS_TIPS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    'client|info': 'nondeterministic_output',
    'client|list': 'nondeterministic_output',
    'cluster|bumpepoch': 'nondeterministic_output',
    'cluster|count-failure-reports': 'nondeterministic_output',
    'cluster|getkeysinslot': 'nondeterministic_output',
    'cluster|info': 'nondeterministic_output',
    'cluster|links': 'nondeterministic_output',
    'cluster|nodes': 'nondeterministic_output',
    'cluster|replicas': 'nondeterministic_output',
    'cluster|shards': 'nondeterministic_output',
    'cluster|slaves': 'nondeterministic_output',
    'cluster|slots': 'nondeterministic_output',
    command: 'nondeterministic_output_order',
    'command|docs': 'nondeterministic_output_order',
    'command|info': 'nondeterministic_output_order',
    'command|list': 'nondeterministic_output_order',
    'config|set': 'request_policy:all_nodes response_policy:all_succeeded',
    dbsize: 'request_policy:all_shards response_policy:agg_sum',
    del: 'request_policy:multi_shard response_policy:agg_sum',
    dump: 'nondeterministic_output',
    exists: 'request_policy:multi_shard response_policy:agg_sum',
    flushall: 'request_policy:all_shards response_policy:all_succeeded',
    flushdb: 'request_policy:all_shards response_policy:all_succeeded',
    'function|delete': 'request_policy:all_shards response_policy:all_succeeded',
    'function|flush': 'request_policy:all_shards response_policy:all_succeeded',
    'function|kill': 'request_policy:all_shards response_policy:one_succeeded',
    'function|list': 'nondeterministic_output_order',
    'function|load': 'request_policy:all_shards response_policy:all_succeeded',
    'function|restore': 'request_policy:all_shards response_policy:all_succeeded',
    'function|stats': 'nondeterministic_output request_policy:all_shards response_policy:special',
    hgetall: 'nondeterministic_output_order',
    hkeys: 'nondeterministic_output_order',
    hrandfield: 'nondeterministic_output',
    hscan: 'nondeterministic_output',
    hvals: 'nondeterministic_output_order',
    info: 'nondeterministic_output request_policy:all_shards response_policy:special',
    keys: 'request_policy:all_shards nondeterministic_output_order',
    lastsave: 'nondeterministic_output',
    'latency|doctor': 'nondeterministic_output request_policy:all_nodes response_policy:special',
    'latency|graph': 'nondeterministic_output request_policy:all_nodes response_policy:special',
    'latency|histogram': 'nondeterministic_output request_policy:all_nodes response_policy:special',
    'latency|history': 'nondeterministic_output request_policy:all_nodes response_policy:special',
    'latency|latest': 'nondeterministic_output request_policy:all_nodes response_policy:special',
    'latency|reset': 'request_policy:all_nodes response_policy:all_succeeded',
    'memory|doctor': 'nondeterministic_output request_policy:all_shards response_policy:special',
    'memory|malloc-stats': 'nondeterministic_output request_policy:all_shards response_policy:special',
    'memory|purge': 'request_policy:all_shards response_policy:all_succeeded',
    'memory|stats': 'nondeterministic_output request_policy:all_shards response_policy:special',
    mget: 'request_policy:multi_shard',
    migrate: 'nondeterministic_output',
    'module|list': 'nondeterministic_output_order',
    mset: 'request_policy:multi_shard response_policy:all_succeeded',
    msetnx: 'request_policy:multi_shard response_policy:agg_min',
    'object|encoding': 'nondeterministic_output',
    'object|freq': 'nondeterministic_output',
    'object|idletime': 'nondeterministic_output',
    'object|refcount': 'nondeterministic_output',
    ping: 'request_policy:all_shards response_policy:all_succeeded',
    pttl: 'nondeterministic_output',
    randomkey: 'request_policy:all_shards nondeterministic_output',
    scan: 'nondeterministic_output request_policy:special',
    'script|exists': 'request_policy:all_shards response_policy:agg_logical_and',
    'script|flush': 'request_policy:all_nodes response_policy:all_succeeded',
    'script|kill': 'request_policy:all_shards response_policy:one_succeeded',
    'script|load': 'request_policy:all_nodes response_policy:all_succeeded',
    sdiff: 'nondeterministic_output_order',
    sinter: 'nondeterministic_output_order',
    'slowlog|get': 'request_policy:all_nodes nondeterministic_output',
    'slowlog|len': 'request_policy:all_nodes response_policy:agg_sum nondeterministic_output',
    'slowlog|reset': 'request_policy:all_nodes response_policy:all_succeeded',
    smembers: 'nondeterministic_output_order',
    spop: 'nondeterministic_output',
    srandmember: 'nondeterministic_output',
    sscan: 'nondeterministic_output',
    sunion: 'nondeterministic_output_order',
    time: 'nondeterministic_output',
    touch: 'request_policy:multi_shard response_policy:agg_sum',
    ttl: 'nondeterministic_output',
    unlink: 'request_policy:multi_shard response_policy:agg_sum',
    wait: 'request_policy:all_shards response_policy:agg_min',
    xadd: 'nondeterministic_output',
    xautoclaim: 'nondeterministic_output',
    xclaim: 'nondeterministic_output',
    'xinfo|consumers': 'nondeterministic_output',
    xpending: 'nondeterministic_output',
    xtrim: 'nondeterministic_output',
    zrandmember: 'nondeterministic_output',
    zscan: 'nondeterministic_output',  }).map(([name, tips]) => [name, tips.split(' ')]),
);

/** COMMAND DOCS doc_flags, deprecated_since and replaced_by of Redis 7.0.15's commands. */
const REDIS_DOC_FLAGS: ReadonlyMap<string, { flags: string[]; deprecatedSince?: string; replacedBy?: string }> = new Map(
  Object.entries({
    brpoplpush: ['deprecated', '6.2.0', '`BLMOVE` with the `RIGHT` and `LEFT` arguments'],
    'cluster|slaves': ['deprecated', '5.0.0', '`CLUSTER REPLICAS`'],
    'cluster|slots': ['deprecated', '7.0.0', '`CLUSTER SHARDS`'],
    debug: ['syscmd', '', ''],
    georadius: ['deprecated', '6.2.0', '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument'],
    georadius_ro: ['deprecated', '6.2.0', '`GEOSEARCH` with the `BYRADIUS` argument'],
    georadiusbymember: ['deprecated', '6.2.0', '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments'],
    georadiusbymember_ro: ['deprecated', '6.2.0', '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments'],
    getset: ['deprecated', '6.2.0', '`SET` with the `!GET` argument'],
    hmset: ['deprecated', '4.0.0', '`HSET` with multiple field-value pairs'],
    pfdebug: ['syscmd', '', ''],
    pfselftest: ['syscmd', '', ''],
    replconf: ['syscmd', '', ''],
    'restore-asking': ['syscmd', '', ''],
    rpoplpush: ['deprecated', '6.2.0', '`LMOVE` with the `RIGHT` and `LEFT` arguments'],
    'sentinel|slaves': ['deprecated', '5.0.0', '`SENTINEL REPLICAS`'],
    slaveof: ['deprecated', '5.0.0', '`REPLICAOF`'],
    substr: ['deprecated', '2.0.0', '`GETRANGE`'],
    zrangebylex: ['deprecated', '6.2.0', '`ZRANGE` with the `BYLEX` argument'],
    zrangebyscore: ['deprecated', '6.2.0', '`ZRANGE` with the `BYSCORE` argument'],
    zrevrange: ['deprecated', '6.2.0', '`ZRANGE` with the `REV` argument'],
    zrevrangebylex: ['deprecated', '6.2.0', '`ZRANGE` with the `REV` and `BYLEX` arguments'],
    zrevrangebyscore: ['deprecated', '6.2.0', '`ZRANGE` with the `REV` and `BYSCORE` arguments'],  }).map(([name, [flags, since, by]]) => [
    name,
    { flags: flags === '' ? [] : flags.split(','), deprecatedSince: since || undefined, replacedBy: by || undefined },
  ]),
);
