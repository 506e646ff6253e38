import { isValidClientName, REDIS_VERSION, WRONGPASS } from '@understudy/resp';
import { NOT_INTEGER, wrongArity } from '../errors.js';
import type { Client } from '../server/client.js';
import { parseInteger } from '../util/numbers.js';
import { NO_KEYS, type CommandFamily } from './types.js';

/** Connection commands: PING, ECHO, SELECT, AUTH, HELLO, RESET, QUIT. */

/** Checks credentials for the default user (the only user until ACLs arrive); null when they are good. */
export function authenticate(client: Client, user: string, password: string): string | null {
  const required = client.node.config.getString('requirepass');
  if (user !== 'default' || (required !== '' && password !== required)) return WRONGPASS;
  client.authenticated = true;
  client.user = user;
  return null;
}

function ping(client: Client, args: string[]): void {
  // Arity -1 lets PING through with any count, but PING takes at most one message (pingCommand).
  if (args.length > 2) return client.error(wrongArity('ping'));
  if (client.inSubscribeMode) {
    client.reply.arrayHeader(2);
    client.reply.bulk('pong');
    client.reply.bulk(args[1] ?? '');
  } else if (args.length === 2) {
    client.reply.bulk(args[1]!);
  } else {
    client.reply.simple('PONG');
  }
}

function select(client: Client, args: string[]): void {
  const index = parseInteger(args[1]!);
  if (index === null) return client.error(NOT_INTEGER);
  if (index < 0 || index >= client.node.keyspace.dbs.length) return client.error('ERR DB index is out of range');
  client.select(index);
  client.reply.simple('OK');
}

function auth(client: Client, args: string[]): void {
  if (args.length > 3) return client.error('ERR syntax error');
  if (args.length === 2 && client.node.config.getString('requirepass') === '') {
    return client.error(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
  }
  const [user, password] = args.length === 2 ? ['default', args[1]!] : [args[1]!, args[2]!];
  const failure = authenticate(client, user, password);
  if (failure) return client.error(failure);
  client.reply.simple('OK');
}

function hello(client: Client, args: string[]): void {
  let protocol: 2 | 3 = client.protocol;
  let i = 1;
  if (args.length >= 2) {
    const version = parseInteger(args[1]!);
    if (version === null) return client.error('ERR Protocol version is not an integer or out of range');
    if (version < 2 || version > 3) return client.error('NOPROTO unsupported protocol version');
    protocol = version as 2 | 3;
    i = 2;
  }
  let credentials: [string, string] | null = null;
  let name: string | null = null;
  for (; i < args.length; i++) {
    const option = args[i]!.toLowerCase();
    const more = args.length - i - 1;
    if (option === 'auth' && more >= 2) {
      credentials = [args[i + 1]!, args[i + 2]!];
      i += 2;
    } else if (option === 'setname' && more >= 1) {
      name = args[i + 1]!;
      i += 1;
    } else {
      return client.error(`ERR Syntax error in HELLO option '${args[i]}'`);
    }
  }
  if (credentials) {
    const failure = authenticate(client, credentials[0], credentials[1]);
    if (failure) return client.error(failure);
  }
  if (!client.authenticated) {
    return client.error(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
  }
  if (name !== null) {
    if (!isValidClientName(name)) {
      return client.error('ERR Client names cannot contain spaces, newlines or special characters.');
    }
    client.name = name;
  }
  client.reply.protocol = protocol;
  const out = client.reply;
  out.mapHeader(7);
  out.bulk('server');
  out.bulk('redis');
  out.bulk('version');
  out.bulk(REDIS_VERSION);
  out.bulk('proto');
  out.integer(protocol);
  out.bulk('id');
  out.integer(client.id);
  out.bulk('mode');
  out.bulk('standalone');
  out.bulk('role');
  out.bulk(client.node.role);
  out.bulk('modules');
  out.arrayHeader(0);
}

function reset(client: Client): void {
  const node = client.node;
  client.multi = null;
  client.multiError = false;
  node.watches.unwatchAll(client);
  node.pubsub.removeClient(client);
  node.monitors.remove(client);
  node.tracking.disable(client); // RESET turns client-side caching off (clearClientConnectionState)
  client.select(0);
  client.reply.protocol = 2;
  client.name = '';
  client.replyMode = 'on';
  client.skipNextReply = false;
  client.noEvict = false;
  if (node.authRequired()) {
    client.authenticated = false;
    client.user = 'default';
  }
  client.reply.simple('RESET');
}

const connection = { group: 'connection', ...NO_KEYS };

export const connectionCommands: CommandFamily = [
  { ...connection, name: 'ping', complexity: 'O(1)', arity: -1, flags: ['fast'], summary: 'Ping the server', since: '1.0.0', handler: ping },
  {
    ...connection,
    name: 'echo',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    summary: 'Echo the given string',
    since: '1.0.0',
    handler: (c, a) => c.reply.bulk(a[1]!),
  },
  {
    ...connection,
    name: 'select',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    summary: 'Change the selected database for the current connection',
    since: '1.0.0',
    handler: select,
  },
  {
    ...connection,
    name: 'auth',
    complexity: 'O(N) where N is the number of passwords defined for the user',
    arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    summary: 'Authenticate to the server',
    since: '1.0.0',
    handler: auth,
  },
  {
    ...connection,
    name: 'hello',
    complexity: 'O(1)',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    summary: 'Handshake with Redis',
    since: '6.0.0',
    handler: hello,
  },
  {
    ...connection,
    name: 'reset',
    complexity: 'O(1)',
    arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    summary: 'Reset the connection',
    since: '6.2.0',
    handler: reset,
  },
  {
    ...connection,
    name: 'quit',
    complexity: 'O(1)',
    arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
    summary: 'Close the connection',
    since: '1.0.0',
    // The dispatcher answers QUIT itself before any other check; this runs only if reached another way.
    handler: (c) => {
      c.reply.simple('OK');
      c.closing = true;
      c.transport?.close();
    },
  },
];
