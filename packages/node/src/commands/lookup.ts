import { WRONGTYPE } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import { isString, type RedisValue, type StringValue, type TypedValue } from '../store/values.js';

/**
 * Key lookups as command handlers need them (Redis's lookupKeyRead/lookupKeyWrite): reads count keyspace hits
 * and misses and announce misses ('m' events); typed lookups answer WRONGTYPE themselves.
 */
export function readKey(client: Client, key: string): RedisValue | undefined {
  const value = client.db.get(key);
  const node = client.node;
  if (value === undefined) {
    node.stats.keyspaceMisses++;
    node.notify(NOTIFY.keyMiss, 'keymiss', key, client.dbIndex);
  } else {
    node.stats.keyspaceHits++;
  }
  return value;
}

/** Marker returned after a WRONGTYPE reply was written: the handler must stop. */
export const REPLIED = null;

/** A string key for reading: its value, undefined if absent, or REPLIED (WRONGTYPE already answered). */
export function readString(client: Client, key: string): StringValue | undefined | null {
  const value = readKey(client, key);
  if (value === undefined || isString(value)) return value;
  client.error(WRONGTYPE);
  return REPLIED;
}

/** A string key for writing (no hit/miss accounting): value, undefined if absent, or REPLIED. */
export function writeString(client: Client, key: string): StringValue | undefined | null {
  const value = client.db.get(key);
  if (value === undefined || isString(value)) return value;
  client.error(WRONGTYPE);
  return REPLIED;
}

/** A typed key (list, hash, ...): the object, undefined if absent, or REPLIED after WRONGTYPE. */
export function readTyped<T extends TypedValue>(
  client: Client,
  key: string,
  type: T['type'],
  forWrite = false,
): T | undefined | null {
  const value = forWrite ? client.db.get(key) : readKey(client, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && value.type === type) return value as T;
  client.error(WRONGTYPE);
  return REPLIED;
}
