import type { Redis } from 'ioredis';
import { seededRandom } from './seeded-random.js';

type Command = (string | number)[];

/**
 * One random write of any type, on a small key space so that commands meet existing keys (and wrong types):
 * strings with relative and absolute expiries, counters, lists with pops and moves, hashes, sets with SPOP,
 * sorted sets with increments and pops, renames, copies, deletes across two databases.
 */
export function randomWrite(random: () => number): Command {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const n = (max: number): number => Math.floor(random() * max);
  const key = (prefix: string): string => `${prefix}:${n(50)}`;
  const member = (): string => `m${n(30)}`;
  switch (n(30)) {
    case 0: return ['SET', key('s'), `v${n(1000)}`];
    case 1: return ['SET', key('s'), `v${n(1000)}`, 'PX', 1 + n(40)];
    case 2: return ['SET', key('s'), 'x'.repeat(n(200)), 'EX', 100 + n(100)];
    case 3: return ['INCRBY', key('c'), n(100) - 50];
    case 4: return ['INCRBYFLOAT', key('f'), (random() * 10).toFixed(3)];
    case 5: return ['APPEND', key('s'), `a${n(10)}`];
    case 6: return ['SETRANGE', key('s'), n(20), 'zz'];
    case 7: return ['PEXPIRE', key(pick(['s', 'l', 'h', 'z'])), 1 + n(60)];
    case 8: return ['DEL', key(pick(['s', 'l', 'h', 'x', 'z', 'c']))];
    case 9: return [pick(['LPUSH', 'RPUSH']), key('l'), member(), member()];
    case 10: return [pick(['LPOP', 'RPOP']), key('l')];
    case 11: return ['LMOVE', key('l'), key('l'), pick(['LEFT', 'RIGHT']), pick(['LEFT', 'RIGHT'])];
    case 12: return ['LTRIM', key('l'), n(3), 5 + n(10)];
    case 13: return ['HSET', key('h'), member(), `v${n(100)}`, member(), `w${n(100)}`];
    case 14: return ['HDEL', key('h'), member()];
    case 15: return ['HINCRBYFLOAT', key('h'), `n${n(5)}`, (random() * 3).toFixed(2)];
    case 16: return ['SADD', key('x'), member(), member(), String(n(1000))];
    case 17: return ['SPOP', key('x'), 1 + n(3)];
    case 18: return ['SMOVE', key('x'), key('x'), member()];
    case 19: return ['ZADD', key('z'), (random() * 100 - 50).toFixed(4), member()];
    case 20: return ['ZINCRBY', key('z'), (random() * 5).toFixed(2), member()];
    case 21: return [pick(['ZPOPMIN', 'ZPOPMAX']), key('z'), 1 + n(2)];
    case 22: return ['ZUNIONSTORE', key('z'), 2, key('z'), key('z'), 'AGGREGATE', pick(['SUM', 'MIN', 'MAX'])];
    case 23: return ['RENAME', key('s'), key('s')];
    case 24: return ['COPY', key('h'), key('h'), 'REPLACE'];
    case 25: return ['SINTERSTORE', key('x'), key('x'), key('x')];
    case 26: return ['GETEX', key('s'), 'PX', 1 + n(50)];
    case 27: return ['SRANDMEMBER', key('x'), -3];
    case 28: return ['HRANDFIELD', key('h'), 2];
    default: return ['GETDEL', key('s')];
  }
}

/**
 * Sends `count` random writes through `client` in pipelines of `batch`, some wrapped in MULTI/EXEC and some in
 * database 1. Errors (wrong types, RENAME of a missing key) are part of the workload and ignored.
 */
export async function sendRandomWrites(client: Redis, count: number, seed: number, batch = 500): Promise<void> {
  const random = seededRandom(seed);
  for (let sent = 0; sent < count; ) {
    const pipeline = client.pipeline();
    const db = random() < 0.2 ? 1 : 0;
    pipeline.select(db);
    const size = Math.min(batch, count - sent);
    for (let i = 0; i < size; ) {
      if (random() < 0.05) {
        const inner = Math.min(size - i, 2 + Math.floor(random() * 5));
        pipeline.call('MULTI');
        for (let j = 0; j < inner; j++) pipeline.call(...(randomWrite(random) as [string, ...(string | number)[]]));
        pipeline.call('EXEC');
        i += inner;
      } else {
        pipeline.call(...(randomWrite(random) as [string, ...(string | number)[]]));
        i++;
      }
    }
    await pipeline.exec();
    sent += size;
  }
  await client.select(0);
}
