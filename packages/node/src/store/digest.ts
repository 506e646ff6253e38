import { createHash } from 'node:crypto';
import type { Database } from './database.js';
import { stringOf, type RedisValue, type StringValue } from './values.js';

/**
 * DEBUG DIGEST: an order-independent fingerprint of a dataset. Each key's digest (database, key, type, value,
 * expiry) is a SHA-1; the dataset digest XORs them all, so two nodes holding the same data agree whatever
 * order they inserted it in. An empty dataset digests to 40 zeros, as in Redis.
 */
export const EMPTY_DIGEST = '0'.repeat(40);

/** Collection types implement this to give their content's digest (ordered or not, as the type means). */
export interface Digestible {
  digest(): Buffer;
}

export function valueDigest(value: RedisValue): Buffer {
  const hash = createHash('sha1');
  if (typeof value === 'string' || value.type === 'string') {
    hash.update('string\0');
    hash.update(stringOf(value as StringValue), 'latin1');
  } else {
    hash.update(`${value.type}\0`);
    hash.update((value as unknown as Digestible).digest());
  }
  return hash.digest();
}

function keyDigest(dbIndex: number, key: string, value: RedisValue, expireAt: number | undefined): Buffer {
  const hash = createHash('sha1');
  hash.update(`${dbIndex}\0${key.length}\0`);
  hash.update(key, 'latin1');
  hash.update(valueDigest(value));
  if (expireAt !== undefined) hash.update(`\0expire\0${expireAt}`);
  return hash.digest();
}

/** XOR-accumulates 20-byte digests. */
export function xorInto(target: Buffer, digest: Buffer): void {
  for (let i = 0; i < 20; i++) target[i]! ^= digest[i]!;
}

/** The digest of every live (not expired) key of the given databases, as 40 hex digits. */
export function datasetDigest(dbs: readonly Database[]): string {
  const total = Buffer.alloc(20);
  let any = false;
  for (const db of dbs) {
    for (const [key, value] of db.data) {
      if (db.isExpired(key)) continue;
      xorInto(total, keyDigest(db.index, key, value, db.getExpire(key)));
      any = true;
    }
  }
  return any ? total.toString('hex') : EMPTY_DIGEST;
}

/** DEBUG DIGEST-VALUE of one key: its value's digest, or 40 zeros for a missing key. */
export function keyValueDigest(db: Database, key: string): string {
  const value = db.get(key);
  return value === undefined ? EMPTY_DIGEST : valueDigest(value).toString('hex');
}
