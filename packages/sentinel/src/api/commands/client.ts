import {
  BAD_CLIENT_NAME,
  CLIENT_HELP,
  clientTypeByName,
  formatClientInfo,
  isValidClientName,
  NOT_INTEGER,
  parseClientKill,
  replyHelp,
  string2ll,
  SYNTAX,
  type ClientType,
} from '@understudy/resp';
import type { Connection } from '../connection.js';
import { notSupported } from '../errors.js';
import type { CommandHost, ContainerDef } from './table.js';

/** CLIENT and its subcommands, as a sentinel answers them: no tracking, nothing blocks, nothing pauses. */
export function clientCommand(host: CommandHost): ContainerDef {
  return {
    name: 'client',
    arity: -2,
    subcommands: [
      { name: 'id', arity: 2, handler: (conn) => conn.reply.integer(conn.id) },
      {
        name: 'setname',
        arity: 3,
        handler: (conn, args) => {
          if (!isValidClientName(args[2]!)) return conn.error(BAD_CLIENT_NAME);
          conn.name = args[2]!;
          conn.reply.simple('OK');
        },
      },
      {
        name: 'getname',
        arity: 2,
        handler: (conn) => (conn.name === '' ? conn.reply.nullBulk() : conn.reply.bulk(conn.name)),
      },
      { name: 'info', arity: 2, handler: (conn) => conn.reply.verbatim(`${clientInfo(conn, host.wallNow())}\n`) },
      { name: 'list', arity: -2, handler: (conn, args) => clientList(host, conn, args) },
      { name: 'kill', arity: -3, handler: (conn, args) => clientKill(host, conn, args) },
      {
        name: 'reply',
        arity: 3,
        handler: (conn, args) => {
          const mode = args[2]!.toLowerCase();
          if (mode === 'on') {
            conn.replyOff = false;
            conn.skipNext = false;
            conn.reply.simple('OK');
          } else if (mode === 'off') {
            conn.replyOff = true;
          } else if (mode === 'skip') {
            if (!conn.replyOff) conn.skipNext = true;
          } else {
            conn.error(SYNTAX);
          }
        },
      },
      {
        name: 'no-evict',
        arity: 3,
        handler: (conn, args) => {
          const mode = args[2]!.toLowerCase();
          if (mode !== 'on' && mode !== 'off') return conn.error(SYNTAX);
          conn.noEvict = mode === 'on';
          conn.reply.simple('OK');
        },
      },
      // Client-side caching is never on here, so these answer as Redis does for a client without tracking.
      { name: 'getredir', arity: 2, handler: (conn) => conn.reply.integer(-1) },
      {
        name: 'trackinginfo',
        arity: 2,
        handler: (conn) => {
          const out = conn.reply;
          out.mapHeader(3);
          out.bulk('flags');
          out.setHeader(1);
          out.bulk('off');
          out.bulk('redirect');
          out.integer(-1);
          out.bulk('prefixes');
          out.arrayHeader(0);
        },
      },
      {
        name: 'caching',
        arity: 3,
        handler: (conn) =>
          conn.error('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled'),
      },
      {
        name: 'tracking',
        arity: -3,
        handler: (conn) => conn.error(notSupported('CLIENT TRACKING', 'a sentinel has no keys to track')),
      },
      // Nothing blocks and nothing pauses a sentinel's clients here.
      {
        name: 'unblock',
        arity: -3,
        handler: (conn, args) => {
          if (args.length > 4) return conn.error(SYNTAX);
          if (args.length === 4) {
            const reason = args[3]!.toLowerCase();
            if (reason !== 'timeout' && reason !== 'error') return conn.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
          }
          if (string2ll(args[2]!) === null) return conn.error(NOT_INTEGER);
          conn.reply.integer(0);
        },
      },
      {
        name: 'pause',
        arity: -3,
        handler: (conn) => conn.error(notSupported('CLIENT PAUSE', 'a sentinel does not pause its clients')),
      },
      { name: 'unpause', arity: 2, handler: (conn) => conn.reply.simple('OK') },
      { name: 'help', arity: 2, handler: (conn, args) => replyHelp(conn.reply, args[0]!, CLIENT_HELP) },
    ],
  };
}

/** A sentinel's clients are normal or, while subscribed, pubsub. */
function clientType(conn: Connection): ClientType {
  return conn.subscriptionCount > 0 ? 'pubsub' : 'normal';
}

/** One CLIENT LIST line, without the newline. */
function clientInfo(conn: Connection, wallNow: number): string {
  const qbuf = conn.queryBufferBytes;
  const omem = conn.outputBufferBytes;
  return formatClientInfo({
    id: conn.id,
    addr: conn.remoteAddress,
    laddr: conn.localAddress,
    fd: conn.fd,
    name: conn.name,
    age: Math.floor((wallNow - conn.createdAt) / 1000),
    idle: Math.floor((wallNow - conn.lastInteraction) / 1000),
    flags: (conn.subscriptionCount > 0 ? 'P' : '') + (conn.noEvict ? 'e' : '') || 'N',
    db: 0,
    sub: conn.channels.size,
    psub: conn.patterns.size,
    ssub: 0,
    multi: -1,
    qbuf,
    'qbuf-free': qbuf === 0 ? 0 : Math.max(0, 20474 - qbuf),
    'argv-mem': conn.currentArgvBytes,
    'multi-mem': 0,
    rbs: 16384,
    rbp: 0,
    obl: 0,
    oll: 0,
    omem,
    'tot-mem': omem + qbuf + conn.currentArgvBytes + 20480,
    events: 'r',
    cmd: conn.lastCommand,
    user: 'default',
    redir: -1,
    resp: conn.protocol,
  });
}

/** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]] */
function clientList(host: CommandHost, conn: Connection, args: string[]): void {
  let selected: Connection[];
  if (args.length === 4 && args[2]!.toLowerCase() === 'type') {
    const type = clientTypeByName(args[3]!);
    if (type === null) return conn.error(`ERR Unknown client type '${args[3]}'`);
    selected = [...host.clients()].filter((c) => clientType(c) === type);
  } else if (args.length > 3 && args[2]!.toLowerCase() === 'id') {
    selected = [];
    for (let i = 3; i < args.length; i++) {
      const id = string2ll(args[i]!);
      if (id === null || id <= 0n) return conn.error('ERR Invalid client ID');
      const found = host.client(Number(id));
      if (found) selected.push(found);
    }
  } else if (args.length !== 2) {
    return conn.error(SYNTAX);
  } else {
    selected = [...host.clients()];
  }
  const now = host.wallNow();
  conn.reply.verbatim(selected.map((c) => `${clientInfo(c, now)}\n`).join(''));
}

/** CLIENT KILL addr (old form: OK or "No such client") or CLIENT KILL <filter> <value> ... (how many). */
function clientKill(host: CommandHost, conn: Connection, args: string[]): void {
  const oldForm = args.length === 3;
  // The default user is the only one, and every client is logged in as it: a USER filter that parses
  // matches them all.
  const filter = parseClientKill(args, (user) => user === 'default');
  if (typeof filter === 'string') return conn.error(filter);
  const targets = [...host.clients()].filter(
    (c) =>
      (filter.addr === null || c.remoteAddress === filter.addr) &&
      (filter.laddr === null || c.localAddress === filter.laddr) &&
      (filter.type === null || clientType(c) === filter.type) &&
      (filter.id === null || c.id === filter.id) &&
      !(c === conn && filter.skipMe),
  );
  let self = false;
  for (const target of targets) {
    if (target === conn) self = true;
    else target.close(true);
  }
  if (oldForm) {
    if (targets.length === 0) return conn.error('ERR No such client');
    conn.reply.simple('OK');
  } else {
    conn.reply.integer(targets.length);
  }
  // The caller gets its reply, then its connection closes.
  if (self) conn.close();
}
