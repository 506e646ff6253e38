import {
  BAD_CLIENT_NAME,
  CLIENT_HELP,
  clientTypeByName,
  formatClientInfo,
  isValidClientName,
  parseClientKill,
  type ClientKillFilter,
  type ClientType,
} from '@understudy/resp';
import { NOT_INTEGER, SYNTAX } from '../errors.js';
import type { Client } from '../server/client.js';
import type { TrackingOptions, TrackingState } from '../server/tracking.js';
import { parseInteger } from '../util/numbers.js';
import { helpSubcommand } from './command-info.js';
import { NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/** CLIENT subcommands (networking.c clientCommand); what every server answers alike is in @understudy/resp. */

/** getClientType: the link to this node's primary, a replica's stream, pub/sub, or normal. */
function clientType(client: Client): ClientType {
  if (client.fromPrimary) return 'master';
  if (client.isReplica) return 'slave';
  return client.inPubSub ? 'pubsub' : 'normal';
}

/** catClientInfoString's flag letters; N when none applies. */
function flagLetters(client: Client): string {
  let flags = '';
  if (client.isReplica) flags += 'S';
  if (client.fromPrimary) flags += 'M';
  if (client.node.monitors.has(client)) flags += 'O';
  if (client.inPubSub) flags += 'P';
  if (client.multi !== null) flags += 'x';
  if (client.blocked) flags += 'b';
  const tracking = client.node.tracking.stateOf(client);
  if (tracking !== undefined) {
    flags += 't';
    if (tracking.brokenRedirect) flags += 'R';
    if (tracking.bcast) flags += 'B';
  }
  if (client.dirtyCas) flags += 'd';
  if (client.closing) flags += 'c';
  if (client.noEvict) flags += 'e';
  return flags === '' ? 'N' : flags;
}

function argvBytes(args: readonly string[]): number {
  let size = 0;
  for (const arg of args) size += arg.length;
  return size;
}

/** The reply buffer every client starts with (ReplyWriter's first buffer, Redis's PROTO_REPLY_CHUNK_BYTES). */
const REPLY_BUFFER_BYTES = 16 * 1024;

/**
 * One CLIENT LIST line, in Redis's field order. `running` is the command `client` is executing when it
 * asks about itself: Redis counts its arguments in argv-mem.
 */
function clientInfoLine(client: Client, now: number, running: readonly string[] | null): string {
  const transport = client.transport;
  const nowSeconds = Math.floor(now / 1000);
  const qbuf = transport?.queryBufferBytes ?? 0;
  const argvMem = running ? argvBytes(running) : 0;
  let multiMem = 0;
  // Redis counts each queued command's argument bytes plus one pointer per argument.
  if (client.multi) for (const queued of client.multi) multiMem += argvBytes(queued) + 8 * queued.length;
  const pending = client.reply.pending;
  const obl = Math.min(pending, REPLY_BUFFER_BYTES);
  const omem = pending - obl;
  const oll = Math.ceil(omem / REPLY_BUFFER_BYTES);
  const totMem = qbuf + argvMem + multiMem + REPLY_BUFFER_BYTES + omem;
  return formatClientInfo({
    id: client.id,
    addr: transport?.remoteAddress ?? '?:0',
    laddr: transport?.localAddress ?? '?:0',
    fd: transport?.fd ?? -1,
    name: client.name,
    age: nowSeconds - Math.floor(client.createdAt / 1000),
    idle: nowSeconds - Math.floor(client.lastInteraction / 1000),
    flags: flagLetters(client),
    db: client.dbIndex,
    sub: client.channels.size,
    psub: client.patterns.size,
    ssub: client.shardChannels.size,
    multi: client.multi ? client.multi.length : -1,
    qbuf,
    'qbuf-free': 0,
    'argv-mem': argvMem,
    'multi-mem': multiMem,
    rbs: REPLY_BUFFER_BYTES,
    rbp: REPLY_BUFFER_BYTES,
    obl,
    oll,
    omem,
    'tot-mem': totMem,
    events: 'r',
    cmd: client.lastCommand,
    user: client.user,
    redir: client.node.tracking.stateOf(client)?.redirect ?? -1,
    resp: client.protocol,
  });
}

function linesOf(asker: Client, clients: Iterable<Client>, args: readonly string[]): string {
  const now = asker.node.clock.now();
  let out = '';
  for (const client of clients) out += `${clientInfoLine(client, now, client === asker ? args : null)}\n`;
  return out;
}

/** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]] */
function list(client: Client, args: string[]): void {
  const node = client.node;
  let selected: Client[];
  if (args.length === 4 && args[2]!.toLowerCase() === 'type') {
    const type = clientTypeByName(args[3]!);
    if (type === null) return client.error(`ERR Unknown client type '${args[3]}'`);
    selected = [...node.clients.values()].filter((c) => clientType(c) === type);
  } else if (args.length > 3 && args[2]!.toLowerCase() === 'id') {
    selected = [];
    for (let i = 3; i < args.length; i++) {
      const id = parseInteger(args[i]!);
      if (id === null) return client.error('ERR Invalid client ID');
      const found = node.clients.get(id);
      if (found) selected.push(found);
    }
  } else if (args.length !== 2) {
    return client.error(SYNTAX);
  } else {
    selected = [...node.clients.values()];
  }
  client.reply.verbatim(linesOf(client, selected, args));
}

function clientInfo(client: Client, args: string[]): void {
  client.reply.verbatim(linesOf(client, [client], args));
}

function setname(client: Client, args: string[]): void {
  const name = args[2]!;
  if (!isValidClientName(name)) return client.error(BAD_CLIENT_NAME);
  client.name = name;
  client.reply.simple('OK');
}

function getname(client: Client): void {
  if (client.name === '') client.reply.nullBulk();
  else client.reply.bulk(client.name);
}

function matches(target: Client, asker: Client, filter: ClientKillFilter): boolean {
  const transport = target.transport;
  if (filter.addr !== null && transport?.remoteAddress !== filter.addr) return false;
  if (filter.laddr !== null && transport?.localAddress !== filter.laddr) return false;
  if (filter.type !== null && clientType(target) !== filter.type) return false;
  if (filter.id !== null && target.id !== filter.id) return false;
  if (filter.user !== null && target.user !== filter.user) return false;
  return !(target === asker && filter.skipMe);
}

/**
 * CLIENT KILL addr:port (old form: +OK or an error, may kill the caller) or CLIENT KILL <filter> <value> ...
 * (new form: how many were killed; the caller is skipped unless SKIPME no). Others are dropped at once, with
 * unsent replies; the caller gets its reply first, then its connection closes.
 */
function kill(client: Client, args: string[]): void {
  const oldForm = args.length === 3;
  // The default user is the only one until ACLs arrive.
  const filter = parseClientKill(args, (user) => user === 'default');
  if (typeof filter === 'string') return client.error(filter);
  const targets = [...client.node.clients.values()].filter((c) => matches(c, client, filter));
  let killsSelf = false;
  for (const target of targets) {
    if (target === client) killsSelf = true;
    else target.transport?.close(true);
  }
  if (oldForm) {
    if (targets.length === 0) return client.error('ERR No such client');
    client.reply.simple('OK');
  } else {
    client.reply.integer(targets.length);
  }
  if (killsSelf) {
    client.closing = true;
    client.transport?.close();
  }
}

/** CLIENT PAUSE timeout-ms [WRITE|ALL] */
function pause(client: Client, args: string[]): void {
  let mode: 'write' | 'all' = 'all';
  if (args.length === 4) {
    const given = args[3]!.toLowerCase();
    if (given !== 'write' && given !== 'all') return client.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
    mode = given;
  }
  const timeout = parseInteger(args[2]!);
  if (timeout === null) return client.error('ERR timeout is not an integer or out of range');
  if (timeout < 0) return client.error('ERR timeout is negative');
  const node = client.node;
  const now = node.clock.now();
  node.pause.start(mode, now + timeout);
  // A zero timeout ends at once (Redis's pause with end time 0), unless an earlier pause lasts longer.
  node.pause.expire(now);
  client.reply.simple('OK');
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client blocked on keys (server/blocking.ts) gets its timeout reply or
 * the UNBLOCKED error; :1 if it was blocked, :0 otherwise (clients held by CLIENT PAUSE are not "blocked" here).
 */
function unblock(client: Client, args: string[]): void {
  if (args.length > 4) {
    return client.error(
      `ERR unknown subcommand or wrong number of arguments for '${args[1]!}'. Try ${args[0]!.toUpperCase()} HELP.`,
    );
  }
  let error = false;
  if (args.length === 4) {
    const reason = args[3]!.toLowerCase();
    if (reason !== 'timeout' && reason !== 'error') {
      return client.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
    }
    error = reason === 'error';
  }
  const id = parseInteger(args[2]!);
  if (id === null) return client.error(NOT_INTEGER);
  const target = client.node.clients.get(id);
  client.reply.integer(target !== undefined && client.node.blocking.cancel(target, error) ? 1 : 0);
}

function unpause(client: Client): void {
  client.node.pause.end();
  client.reply.simple('OK');
}

/**
 * CLIENT REPLY ON|OFF|SKIP. OFF and SKIP write nothing themselves: the connection drops the replies while
 * `replyMode` is 'off', and the reply of the command after a SKIP.
 */
function reply(client: Client, args: string[]): void {
  const mode = args[2]!.toLowerCase();
  if (mode === 'on') {
    client.replyMode = 'on';
    client.skipNextReply = false;
    client.reply.simple('OK');
  } else if (mode === 'off') {
    client.replyMode = 'off';
  } else if (mode === 'skip') {
    if (client.replyMode !== 'off') client.skipNextReply = true;
  } else {
    client.error(SYNTAX);
  }
}

function noEvict(client: Client, args: string[]): void {
  const mode = args[2]!.toLowerCase();
  if (mode !== 'on' && mode !== 'off') return client.error(SYNTAX);
  client.noEvict = mode === 'on';
  client.reply.simple('OK');
}

// --- client-side caching (server/tracking.ts) --------------------------------------------------------------

/** The option words after CLIENT TRACKING ON|OFF; null after an error reply. */
function parseTrackingOptions(client: Client, args: string[]): TrackingOptions | null {
  const options: TrackingOptions = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, prefixes: [] };
  const prefixes: string[] = [];
  for (let i = 3; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    const more = i < args.length - 1;
    if (option === 'redirect' && more) {
      i++;
      if (options.redirect !== 0) {
        client.error('ERR A client can only redirect to a single other client');
        return null;
      }
      const id = parseInteger(args[i]!);
      if (id === null) {
        client.error(NOT_INTEGER);
        return null;
      }
      // The target must exist now, even if it may go away later (it then counts as a broken redirect).
      if (client.node.clients.get(id) === undefined && id !== client.id) {
        client.error('ERR The client ID you want redirect to does not exist');
        return null;
      }
      options.redirect = id;
    } else if (option === 'bcast') {
      options.bcast = true;
    } else if (option === 'optin') {
      options.optin = true;
    } else if (option === 'optout') {
      options.optout = true;
    } else if (option === 'noloop') {
      options.noloop = true;
    } else if (option === 'prefix' && more) {
      prefixes.push(args[++i]!);
    } else {
      client.error(SYNTAX);
      return null;
    }
  }
  options.prefixes = prefixes;
  return options;
}

/** The first error CLIENT TRACKING ON answers for options that do not fit together or with the current mode. */
function trackingConflict(current: TrackingState | undefined, options: TrackingOptions): string | null {
  if (!options.bcast && options.prefixes.length !== 0) return 'ERR PREFIX option requires BCAST mode to be enabled';
  if (current !== undefined && current.bcast !== options.bcast) {
    return "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
  }
  if (options.bcast && (options.optin || options.optout)) return 'ERR OPTIN and OPTOUT are not compatible with BCAST';
  if (options.optin && options.optout) return "ERR You can't specify both OPTIN mode and OPTOUT mode";
  if (current !== undefined && ((options.optin && current.optout) || (options.optout && current.optin))) {
    return "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
  }
  return options.bcast ? prefixCollision(current, options.prefixes) : null;
}

/** checkPrefixCollisionsOrReply: one prefix starting the other, against the client's own or among the new ones. */
function prefixCollision(current: TrackingState | undefined, prefixes: readonly string[]): string | null {
  const overlaps = (a: string, b: string): boolean => (a.length <= b.length ? b.startsWith(a) : a.startsWith(b));
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i]!;
    for (const existing of current?.prefixes ?? []) {
      if (overlaps(existing, prefix)) {
        return `ERR Prefix '${prefix}' overlaps with an existing prefix '${existing}'. Prefixes for a single client must not overlap.`;
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefix, prefixes[j]!)) {
        return `ERR Prefix '${prefix}' overlaps with another provided prefix '${prefixes[j]!}'. Prefixes for a single client must not overlap.`;
      }
    }
  }
  return null;
}

/** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP] */
function tracking(client: Client, args: string[]): void {
  const options = parseTrackingOptions(client, args);
  if (options === null) return;
  const tracker = client.node.tracking;
  const mode = args[2]!.toLowerCase();
  if (mode === 'on') {
    const conflict = trackingConflict(tracker.stateOf(client), options);
    if (conflict !== null) return client.error(conflict);
    tracker.enable(client, options);
  } else if (mode === 'off') {
    tracker.disable(client);
  } else {
    return client.error(SYNTAX);
  }
  client.reply.simple('OK');
}

/** CLIENT CACHING YES|NO: whether the next command (or transaction) is tracked, in OPTIN / OPTOUT mode. */
function caching(client: Client, args: string[]): void {
  const state = client.node.tracking.stateOf(client);
  if (state === undefined) {
    return client.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
  }
  const answer = args[2]!.toLowerCase();
  if (answer === 'yes') {
    if (!state.optin) return client.error('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
  } else if (answer === 'no') {
    if (!state.optout) return client.error('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
  } else {
    return client.error(SYNTAX);
  }
  state.caching = true;
  client.reply.simple('OK');
}

/** CLIENT TRACKINGINFO: flags, redirect and prefixes, as a map. */
function trackingInfo(client: Client): void {
  const state = client.node.tracking.stateOf(client);
  const flags = [state === undefined ? 'off' : 'on'];
  if (state !== undefined) {
    if (state.bcast) flags.push('bcast');
    if (state.optin) flags.push('optin');
    if (state.optin && state.caching) flags.push('caching-yes');
    if (state.optout) flags.push('optout');
    if (state.optout && state.caching) flags.push('caching-no');
    if (state.noloop) flags.push('noloop');
    if (state.brokenRedirect) flags.push('broken_redirect');
  }
  const out = client.reply;
  out.mapHeader(3);
  out.bulk('flags');
  out.setHeader(flags.length);
  for (const flag of flags) out.bulk(flag);
  out.bulk('redirect');
  out.integer(state?.redirect ?? -1);
  out.bulk('prefixes');
  // Sorted, as Redis's radix tree lists them.
  out.bulkArray(state === undefined ? [] : [...state.prefixes].sort());
}

const connection = { group: 'connection', ...NO_KEYS } as const;
const plain = ['noscript', 'loading', 'stale'] as const;
const admin = ['admin', 'noscript', 'loading', 'stale'] as const;

const subcommands: CommandSpec[] = [
  {
    ...connection,
    name: 'id',
    arity: 2,
    flags: plain,
    summary: 'Returns the client ID for the current connection',
    since: '5.0.0',
    complexity: 'O(1)',
    handler: (c) => c.reply.integer(c.id),
  },
  {
    ...connection,
    name: 'setname',
    arity: 3,
    flags: plain,
    summary: 'Set the current connection name',
    since: '2.6.9',
    complexity: 'O(1)',
    handler: setname,
  },
  {
    ...connection,
    name: 'getname',
    arity: 2,
    flags: plain,
    summary: 'Get the current connection name',
    since: '2.6.9',
    complexity: 'O(1)',
    handler: getname,
  },
  {
    ...connection,
    name: 'list',
    arity: -2,
    flags: admin,
    summary: 'Get the list of client connections',
    since: '2.4.0',
    complexity: 'O(N) where N is the number of client connections',
    handler: list,
  },
  {
    ...connection,
    name: 'info',
    arity: 2,
    flags: plain,
    summary: 'Returns information about the current client connection.',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: clientInfo,
  },
  {
    ...connection,
    name: 'kill',
    arity: -3,
    flags: admin,
    summary: 'Kill the connection of a client',
    since: '2.4.0',
    complexity: 'O(N) where N is the number of client connections',
    handler: kill,
  },
  {
    ...connection,
    name: 'pause',
    arity: -3,
    flags: admin,
    summary: 'Stop processing commands from clients for some time',
    since: '2.9.50',
    complexity: 'O(1)',
    handler: pause,
  },
  {
    ...connection,
    name: 'unblock',
    arity: -3,
    flags: admin,
    summary: 'Unblock a client blocked in a blocking command from a different connection',
    since: '5.0.0',
    complexity: 'O(log N) where N is the number of client connections',
    handler: unblock,
  },
  {
    ...connection,
    name: 'unpause',
    arity: 2,
    flags: admin,
    summary: 'Resume processing of clients that were paused',
    since: '6.2.0',
    complexity: 'O(N) Where N is the number of paused clients',
    handler: unpause,
  },
  {
    ...connection,
    name: 'reply',
    arity: 3,
    flags: plain,
    summary: 'Instruct the server whether to reply to commands',
    since: '3.2.0',
    complexity: 'O(1)',
    handler: reply,
  },
  {
    ...connection,
    name: 'no-evict',
    arity: 3,
    flags: admin,
    summary: 'Set client eviction mode for the current connection',
    since: '7.0.0',
    complexity: 'O(1)',
    handler: noEvict,
  },
  {
    ...connection,
    name: 'tracking',
    arity: -3,
    flags: plain,
    summary: 'Enable or disable server assisted client side caching support',
    since: '6.0.0',
    complexity: 'O(1). Some options may introduce additional complexity.',
    handler: tracking,
  },
  {
    ...connection,
    name: 'caching',
    arity: 3,
    flags: plain,
    summary: 'Instruct the server about tracking or not keys in the next request',
    since: '6.0.0',
    complexity: 'O(1)',
    handler: caching,
  },
  {
    ...connection,
    name: 'trackinginfo',
    arity: 2,
    flags: plain,
    summary: 'Return information about server assisted client side caching for the current connection',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: trackingInfo,
  },
  {
    ...connection,
    name: 'getredir',
    arity: 2,
    flags: plain,
    summary: 'Get tracking notifications redirection client ID if any',
    since: '6.0.0',
    complexity: 'O(1)',
    handler: (c) => c.reply.integer(c.node.tracking.stateOf(c)?.redirect ?? -1),
  },
  helpSubcommand({ ...connection, since: '5.0.0', complexity: 'O(1)' }, CLIENT_HELP),
];

export const clientCommands: CommandFamily = [
  {
    ...connection,
    name: 'client',
    arity: -2,
    flags: [],
    summary: 'A container for client connection commands',
    since: '2.4.0',
    complexity: 'Depends on subcommand.',
    subcommands,
  },
];
