import {
  AUTH_NO_PASSWORD,
  BAD_CLIENT_NAME,
  isValidClientName,
  REDIS_VERSION,
  string2ll,
  SYNTAX,
  WRONGPASS,
  wrongArity,
} from '@understudy/resp';
import type { CommandDef } from './table.js';

/** PING, AUTH, HELLO. */
export const connectionCommands: readonly CommandDef[] = [
  {
    name: 'ping',
    arity: -1,
    pubsubContext: true,
    handler: (conn, args) => {
      if (args.length > 2) return conn.error(wrongArity('ping'));
      if (conn.protocol === 2 && conn.subscriptionCount > 0) {
        // In RESP2 subscribe mode PING answers as a message would arrive: ["pong", arg or ""].
        conn.reply.arrayHeader(2);
        conn.reply.bulk('pong');
        conn.reply.bulk(args[1] ?? '');
      } else if (args.length === 2) {
        conn.reply.bulk(args[1]!);
      } else {
        conn.reply.simple('PONG');
      }
    },
  },
  {
    name: 'auth',
    arity: -2,
    handler: (conn, args) => {
      if (args.length > 3) return conn.error(SYNTAX);
      // The default user has no password (nopass): any password authenticates it, no other user exists.
      if (args.length === 2) return conn.error(AUTH_NO_PASSWORD);
      if (args[1] !== 'default') return conn.error(WRONGPASS);
      conn.reply.simple('OK');
    },
  },
  {
    name: 'hello',
    arity: -1,
    handler: (conn, args) => {
      let version = 0;
      let next = 1;
      if (args.length >= 2) {
        const v = string2ll(args[next++]!);
        if (v === null) return conn.error('ERR Protocol version is not an integer or out of range');
        if (v < 2n || v > 3n) return conn.error('NOPROTO unsupported protocol version');
        version = Number(v);
      }
      for (let j = next; j < args.length; j++) {
        const more = args.length - 1 - j;
        const opt = args[j]!.toLowerCase();
        if (opt === 'auth' && more >= 2) {
          if (args[j + 1] !== 'default') return conn.error(WRONGPASS);
          j += 2;
        } else if (opt === 'setname' && more >= 1) {
          // Set at once, as Redis does: a later bad option leaves the name set and the protocol unchanged.
          if (!isValidClientName(args[j + 1]!)) return conn.error(BAD_CLIENT_NAME);
          conn.name = args[j + 1]!;
          j++;
        } else {
          return conn.error(`ERR Syntax error in HELLO option '${args[j]}'`);
        }
      }
      if (version !== 0) conn.reply.protocol = version as 2 | 3;
      const out = conn.reply;
      out.mapHeader(6);
      out.bulk('server');
      out.bulk('redis');
      out.bulk('version');
      out.bulk(REDIS_VERSION);
      out.bulk('proto');
      out.integer(conn.protocol);
      out.bulk('id');
      out.integer(conn.id);
      out.bulk('mode');
      out.bulk('sentinel');
      out.bulk('modules');
      out.arrayHeader(0);
    },
  },
];
