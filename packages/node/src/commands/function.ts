import type { Client } from '../server/client.js';
import { helpSubcommand } from './command-info.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/**
 * FUNCTION (functions.c) before the Lua engine exists: no library can be loaded, so the subcommands that
 * only look at the (empty) library set answer as Redis does with none loaded, and those that need the
 * engine say so.
 */

/** FUNCTION FLUSH [ASYNC|SYNC]: nothing to delete, but it counts as a change and propagates, as in Redis. */
function flush(client: Client, args: string[]): void {
  if (args.length > 3) {
    return client.error(
      `ERR unknown subcommand or wrong number of arguments for '${args[1]!.slice(0, 128)}'. Try ${args[0]!.toUpperCase()} HELP.`,
    );
  }
  const mode = args[2]?.toLowerCase();
  if (mode !== undefined && mode !== 'sync' && mode !== 'async') {
    return client.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
  }
  client.node.dirty++;
  client.reply.simple('OK');
}

/** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]: the options are checked, the list is empty. */
function list(client: Client, args: string[]): void {
  let withCode = false;
  let libraryName = false;
  for (let i = 2; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    if (!withCode && option === 'withcode') {
      withCode = true;
    } else if (!libraryName && option === 'libraryname') {
      if (i >= args.length - 1) return client.error('ERR library name argument was not given');
      libraryName = true;
      i++;
    } else {
      return client.error(`ERR Unknown argument ${args[i]}`);
    }
  }
  client.reply.arrayHeader(0);
}

/** FUNCTION STATS: nothing running; the Lua engine with no libraries. */
function stats(client: Client): void {
  const out = client.reply;
  out.mapHeader(2);
  out.bulk('running_script');
  out.nullBulk();
  out.bulk('engines');
  out.mapHeader(1);
  out.bulk('LUA');
  out.mapHeader(2);
  out.bulk('libraries_count');
  out.integer(0);
  out.bulk('functions_count');
  out.integer(0);
}

function needsEngine(client: Client, args: string[]): void {
  client.error(`ERR FUNCTION ${args[1]!.toUpperCase()} needs the Lua scripting engine, which is not available yet`);
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

const scripting = { group: 'scripting', ...NO_KEYS } as const;

const subcommands: CommandSpec[] = [
  {
    ...scripting,
    name: 'flush',
    arity: -2,
    flags: ['noscript', 'write'],
    summary: 'Deleting all functions',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of functions deleted',
    handler: flush,
  },
  {
    ...scripting,
    name: 'list',
    arity: -2,
    flags: ['noscript'],
    summary: 'List information about all the functions',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of functions',
    handler: list,
  },
  {
    ...scripting,
    name: 'stats',
    arity: 2,
    flags: ['noscript', 'allow_busy'],
    summary: 'Return information about the function currently running (name, description, duration)',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: stats,
  },
  {
    ...scripting,
    name: 'delete',
    arity: 3,
    flags: ['noscript', 'write'],
    summary: 'Delete a function by name',
    since: '7.0.0',
    complexity: 'O(1)',
    // No library can have been loaded.
    handler: (c) => c.error('ERR Library not found'),
  },
  {
    ...scripting,
    name: 'kill',
    arity: 2,
    flags: ['noscript', 'allow_busy'],
    summary: 'Kill the function currently in execution.',
    since: '7.0.0',
    complexity: 'O(1)',
    // No function can be running.
    handler: (c) => c.error('NOTBUSY No scripts in execution right now.'),
  },
  {
    ...scripting,
    name: 'load',
    arity: -3,
    flags: ['noscript', 'write', 'denyoom'],
    summary: 'Create a function with the given arguments (name, code, description)',
    since: '7.0.0',
    complexity: 'O(1) (considering compilation time is redundant)',
    handler: needsEngine,
  },
  {
    ...scripting,
    name: 'dump',
    arity: 2,
    flags: ['noscript'],
    summary: 'Dump all functions into a serialized binary payload',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of functions',
    handler: needsEngine,
  },
  {
    ...scripting,
    name: 'restore',
    arity: -3,
    flags: ['noscript', 'write', 'denyoom'],
    summary: 'Restore all the functions on the given payload',
    since: '7.0.0',
    complexity: 'O(N) where N is the number of functions on the payload',
    handler: needsEngine,
  },
  helpSubcommand({ ...scripting, since: '7.0.0', complexity: 'O(1)' }, FUNCTION_HELP),
];

export const functionCommands: CommandFamily = [
  {
    ...scripting,
    name: 'function',
    arity: -2,
    flags: [],
    summary: 'A container for function commands',
    since: '7.0.0',
    complexity: 'Depends on subcommand.',
    subcommands,
  },
];
