import type { Client } from '../../src/server/client.js';
import type { NodeServer } from '../../src/server/node-server.js';
import type { InProcessNode } from '../support/in-process.js';
import { fakeTransport } from '../support/fake-transport.js';


/**
 * A client of an in-process node with a transport, as blocked commands need one (a blocked client waits for
 * a push from another); its replies are dropped.
 */
export function blockingClient(node: NodeServer): { client: Client; send(args: string[]): void } {
  const transport = fakeTransport();
  const client = node.createClient(transport);
  return {
    client,
    send(args) {
      node.dispatcher.execute(client, args);
      client.reply.take();
    },
  };
}

const TYPES = ['s', 'l', 'h', 't', 'z'] as const;
/** Elements: binary-safe ones, integers (intsets), one past the listpack value limit (encoding changes). */
const ELEMENTS = ['a', 'b', 'c', '', '\x00\xff\r\n', '7', '42', '-3', '100000', 'x'.repeat(70)];
const SCORES = ['0', '-0', '1', '-2.5', '0.1', 'inf', '-inf', '1e300', '5e-324', '3'];

/** Each type's pool of small keys, and a big collection per type that takes several slices to write. */
function keyOf(random: () => number, type: (typeof TYPES)[number]): string {
  const r = random();
  const kind = r < 0.8 ? type : TYPES[Math.floor(random() * TYPES.length)]!;
  if (kind !== 's' && random() < 0.25) return `big-${kind}`;
  // Lists that blocked clients wait on: empty most of the time, filled by pushes, renames and moves.
  if (kind === 'l' && random() < 0.3) return `queue${Math.floor(random() * 2)}`;
  return `${kind}${Math.floor(random() * 8)}${random() < 0.1 ? '\r\n\xff' : ''}`;
}

/** A dataset of every type in databases 0-2: small keys, big collections (past the listpack limits), TTLs. */
export function populate(source: InProcessNode, random: () => number): void {
  const now = source.clock.now();
  for (let db = 0; db < 3; db++) {
    source.exec('SELECT', db);
    for (let i = 0; i < 8; i++) {
      source.exec('SET', `s${i}`, `value-${db}-${i}\r\n\xff`);
      source.exec('RPUSH', `l${i}`, ...ELEMENTS.slice(0, 1 + i));
      source.exec('HSET', `h${i}`, 'f', 'v', `g${i}`, ELEMENTS[i]!);
      source.exec('SADD', `t${i}`, ...(i % 2 === 0 ? ['1', '2', String(i * 10)] : ELEMENTS.slice(i)));
      source.exec('ZADD', `z${i}`, ...SCORES.slice(0, 1 + i).flatMap((s, j) => [s, ELEMENTS[j]!]));
      if (i % 3 === 0) source.exec('PEXPIREAT', `h${i}`, now + 1000 + Math.floor(random() * 20_000));
      if (i % 4 === 1) source.exec('PEXPIREAT', `s${i}`, now + Math.floor(random() * 5_000));
    }
    for (let i = 0; i < 600; i++) {
      source.exec('RPUSH', 'big-l', `e${i}`);
      source.exec('HSET', 'big-h', `f${i}`, `v${i}`);
      source.exec('SADD', 'big-t', String(i * 7));
      source.exec('ZADD', 'big-z', i % 50 === 0 ? '-0' : String(i / 3), `m${i}`);
    }
    source.exec('PEXPIREAT', 'big-h', now + 30_000);
  }
  source.exec('SELECT', 0);
}

/** One random write (or now and then a read) of any type on the pools above. */
export function randomCommand(random: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const element = (): string => pick(ELEMENTS);
  const n = String(1 + Math.floor(random() * 3000));
  const type = pick(TYPES);
  const key = keyOf(random, type);
  const other = keyOf(random, type);
  switch (type) {
    case 's':
      return pick([
        ['SET', key, element()],
        ['SET', key, element(), 'PX', n],
        ['SET', key, element(), 'EX', '100', 'GET'],
        ['APPEND', key, element()],
        ['SETRANGE', key, String(Math.floor(random() * 20)), 'abc'],
        ['SETBIT', key, String(Math.floor(random() * 100)), '1'],
        ['INCR', key],
        ['INCRBYFLOAT', key, '1.5'],
        ['GETDEL', key],
        ['GETEX', key, 'PX', n],
        ['MSET', key, element(), other, element()],
        ['GET', key],
      ]);
    case 'l':
      return pick([
        ['LPUSH', key, element(), element()],
        ['RPUSH', key, element()],
        ['LPOP', key],
        ['RPOP', key, '2'],
        ['LSET', key, '0', element()],
        ['LINSERT', key, 'BEFORE', element(), element()],
        ['LREM', key, '1', element()],
        ['LTRIM', key, '1', '-2'],
        ['LMOVE', key, other, 'LEFT', 'RIGHT'],
        ['RPOPLPUSH', key, other],
        ['LMPOP', '2', key, other, 'LEFT', 'COUNT', '3'],
      ]);
    case 'h':
      return pick([
        ['HSET', key, element(), element()],
        ['HSET', key, `f${Math.floor(random() * 600)}`, element(), element(), element()],
        ['HDEL', key, element(), 'f', `f${Math.floor(random() * 600)}`],
        ['HINCRBY', key, 'counter', '3'],
        ['HINCRBYFLOAT', key, 'float', '0.25'],
        ['HSETNX', key, element(), element()],
      ]);
    case 't':
      return pick([
        ['SADD', key, element(), element()],
        ['SADD', key, String(Math.floor(random() * 5000))],
        ['SREM', key, element(), String(7 * Math.floor(random() * 600))],
        ['SPOP', key],
        ['SPOP', key, '3'],
        ['SMOVE', key, other, element()],
        ['SINTERSTORE', other, key, other],
        ['SUNIONSTORE', other, key, other],
        ['SDIFFSTORE', key, key, other],
      ]);
    case 'z':
      return pick([
        ['ZADD', key, pick(SCORES), element()],
        ['ZADD', key, 'GT', pick(SCORES), `m${Math.floor(random() * 600)}`],
        ['ZINCRBY', key, pick(['1', '-0.5', '0']), element()],
        ['ZREM', key, element(), `m${Math.floor(random() * 600)}`],
        ['ZPOPMIN', key],
        ['ZPOPMAX', key, '2'],
        ['ZREMRANGEBYRANK', key, '0', '1'],
        ['ZUNIONSTORE', other, '2', key, other],
        ['ZRANGESTORE', other, key, '0', '5'],
        ['ZMPOP', '1', key, 'MIN'],
      ]);
  }
}

/** Key-level commands: deletions, renames, TTLs, moves between databases. */
export function randomKeyCommand(random: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const key = keyOf(random, pick(TYPES));
  const other = keyOf(random, pick(TYPES));
  const db = String(Math.floor(random() * 3));
  return pick([
    ['DEL', key, other],
    ['UNLINK', key],
    ['RENAME', key, other],
    ['RENAMENX', key, other],
    ['COPY', key, other, 'REPLACE'],
    ['COPY', key, key, 'DB', db, 'REPLACE'],
    ['MOVE', key, db],
    ['EXPIRE', key, String(1 + Math.floor(random() * 5))],
    ['PEXPIRE', key, String(1 + Math.floor(random() * 3000)), pick(['NX', 'XX', 'GT', 'LT'])],
    ['PERSIST', key],
    ['EXPIREAT', key, '1'],
    ['SELECT', db],
    ['SELECT', db],
  ]);
}

/**
 * The commands that change keys nobody names. No FLUSHALL: what it erases no longer tells a right snapshot from
 * a wrong one (a test of its own covers it).
 */
export function randomWholeDatabaseCommand(random: () => number): string[] {
  if (random() < 0.7) return ['SWAPDB', String(Math.floor(random() * 3)), String(Math.floor(random() * 3))];
  return ['FLUSHDB'];
}

/** A blocking command for a blocked client, served by a later push of the workload. */
export function randomBlockingCommand(random: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const queue = `queue${Math.floor(random() * 2)}`;
  return pick([
    ['BLPOP', 'queue0', 'queue1', '0'],
    ['BLMOVE', queue, keyOf(random, 'l'), 'RIGHT', 'LEFT', '0'],
    ['BRPOPLPUSH', queue, keyOf(random, 'l'), '0'],
    ['BZPOPMIN', keyOf(random, 'z'), '0'],
    ['BLMPOP', '0', '2', 'queue1', 'queue0', 'RIGHT', 'COUNT', '2'],
  ]);
}
