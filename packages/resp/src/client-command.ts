import { SYNTAX } from './command-errors.js';
import { string2ll } from './string2ll.js';

/**
 * The parts of the CLIENT command (networking.c clientCommand) that every server process answers alike:
 * its HELP text, the client-name rule, client type names, the CLIENT LIST line and CLIENT KILL's filters.
 * What a process knows of its own clients (flags, buffers, which of them match) stays with the process.
 */

export const CLIENT_HELP: readonly string[] = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

/** clientSetNameOrReply's rule: printable ASCII without spaces ('' clears the name). */
export function isValidClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

/** Redis's client classes (getClientType): a replica's stream is "slave". */
export type ClientType = 'normal' | 'slave' | 'pubsub' | 'master';

/** getClientTypeByName: "replica" and "slave" name the same class; null for an unknown name. */
export function clientTypeByName(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'slave';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

/** CLIENT LIST's fields, in catClientInfoString's order. */
const CLIENT_INFO_FIELDS = [
  'id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'qbuf',
  'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd', 'user',
  'redir', 'resp',
] as const;

/** One client as CLIENT LIST / CLIENT INFO show it. */
export type ClientInfo = Readonly<Record<(typeof CLIENT_INFO_FIELDS)[number], string | number>>;

/** One CLIENT LIST line (catClientInfoString), without the newline. */
export function formatClientInfo(info: ClientInfo): string {
  return CLIENT_INFO_FIELDS.map((field) => `${field}=${info[field]}`).join(' ');
}

/** What CLIENT KILL selects (null: any). */
export interface ClientKillFilter {
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  id: number | null;
  user: string | null;
  /** Spare the client that asks. */
  skipMe: boolean;
}

/**
 * CLIENT KILL's arguments: the old form `CLIENT KILL addr:port` (which may kill the caller), or option/value
 * pairs (the caller spared unless SKIPME no). `isUser` says whether a USER names an existing user, checked
 * where Redis checks it, so the first bad option is the one reported. Returns the error text when they do
 * not parse.
 */
export function parseClientKill(args: readonly string[], isUser: (name: string) => boolean): ClientKillFilter | string {
  if (args.length === 3) return { addr: args[2]!, laddr: null, type: null, id: null, user: null, skipMe: false };
  const filter: ClientKillFilter = { addr: null, laddr: null, type: null, id: null, user: null, skipMe: true };
  for (let i = 2; i < args.length; i += 2) {
    const option = args[i]!.toLowerCase();
    const value = args[i + 1];
    if (value === undefined) return SYNTAX;
    if (option === 'id') {
      const id = string2ll(value);
      if (id === null || id < 1n) return 'ERR client-id should be greater than 0';
      filter.id = Number(id);
    } else if (option === 'type') {
      filter.type = clientTypeByName(value);
      if (filter.type === null) return `ERR Unknown client type '${value}'`;
    } else if (option === 'addr') {
      filter.addr = value;
    } else if (option === 'laddr') {
      filter.laddr = value;
    } else if (option === 'user') {
      if (!isUser(value)) return `ERR No such user '${value}'`;
      filter.user = value;
    } else if (option === 'skipme') {
      const answer = value.toLowerCase();
      if (answer !== 'yes' && answer !== 'no') return SYNTAX;
      filter.skipMe = answer === 'yes';
    } else {
      return SYNTAX;
    }
  }
  return filter;
}
