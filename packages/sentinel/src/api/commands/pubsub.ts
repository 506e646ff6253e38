import type { Connection } from '../connection.js';
import { ONLY_HELLO } from '../errors.js';
import type { CommandDef, CommandHost } from './table.js';

/** The (un)subscribe confirmation: kind, the channel or pattern (null when there was none), the count left. */
function subscribed(conn: Connection, kind: string, name: string | null): void {
  conn.reply.pushHeader(3);
  conn.reply.bulk(kind);
  if (name === null) conn.reply.nullBulk();
  else conn.reply.bulk(name);
  conn.reply.integer(conn.subscriptionCount);
}

/** SUBSCRIBE / PSUBSCRIBE: each name joined and confirmed in turn. */
function subscribeCommand(name: 'subscribe' | 'psubscribe', add: (conn: Connection, name: string) => void): CommandDef {
  return {
    name,
    arity: -2,
    pubsubContext: true,
    handler: (conn, args) => {
      for (let i = 1; i < args.length; i++) {
        add(conn, args[i]!);
        subscribed(conn, name, args[i]!);
      }
    },
  };
}

/** UNSUBSCRIBE / PUNSUBSCRIBE: the names given, or all the connection has; one confirmation even for none. */
function unsubscribeCommand(
  name: 'unsubscribe' | 'punsubscribe',
  current: (conn: Connection) => Iterable<string>,
  remove: (conn: Connection, name: string) => void,
): CommandDef {
  return {
    name,
    arity: -1,
    pubsubContext: true,
    handler: (conn, args) => {
      const names = args.length > 1 ? args.slice(1) : [...current(conn)];
      if (names.length === 0) return subscribed(conn, name, null);
      for (const each of names) {
        remove(conn, each);
        subscribed(conn, name, each);
      }
    },
  };
}

/** SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE (to the sentinel's event channels) and PUBLISH. */
export function pubsubCommands(host: CommandHost): CommandDef[] {
  return [
    subscribeCommand('subscribe', (conn, channel) => host.subscribe(conn, channel)),
    subscribeCommand('psubscribe', (conn, pattern) => host.psubscribe(conn, pattern)),
    unsubscribeCommand('unsubscribe', (conn) => conn.channels, (conn, channel) => host.unsubscribe(conn, channel)),
    unsubscribeCommand('punsubscribe', (conn) => conn.patterns, (conn, pattern) => host.punsubscribe(conn, pattern)),
    {
      name: 'publish',
      arity: 3,
      handler: (conn, args) => {
        // Sentinel's own PUBLISH only takes other sentinels' hellos; here sentinels gossip over gRPC, so a hello
        // arriving this way is acknowledged as Redis acknowledges it and otherwise not used.
        if (args[1] !== '__sentinel__:hello') return conn.error(ONLY_HELLO);
        conn.reply.integer(1);
      },
    },
  ];
}
