import { MutableString } from './mutable-string.js';

/**
 * What a key holds. Strings are latin1 JS strings (one char per byte: compact, fast Map keys and hashing,
 * written to sockets without conversion) or, once edited in place, a MutableString. Other types are objects
 * carrying a `type` tag; the collection types arrive with their own modules.
 */
export type StringValue = string | MutableString;
export interface TypedValue {
  readonly type: 'list' | 'set' | 'zset' | 'hash' | 'stream' | 'string';
  /** OBJECT ENCODING's answer (listpack, quicklist, intset, hashtable, skiplist, stream, raw). */
  readonly encoding: string;
  /** An independent copy (COPY). */
  clone(): TypedValue;
  /**
   * Optional O(1) estimate of the value's bytes (MEMORY USAGE, maxmemory), if the type maintains one;
   * store/memory.ts falls back to the element count times a sampled element size.
   */
  memoryEstimate?(): number;
  /**
   * The bytes the database counted for this value when it was last stored or touched (store/memory.ts):
   * kept on the value so an in-place change can be re-counted without a side table.
   */
  accountedBytes?: number;
  /**
   * The key's access stamp (store/eviction.ts AccessTracker: LRU time or LFU counter), Redis's robj `lru`
   * field, kept by the database (store/database.ts). On the value itself so that a key holding an object
   * costs no side-table entry; only plain string values need one.
   */
  stamp: number;
}
export type RedisValue = string | TypedValue;

export type TypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

export function typeOf(value: RedisValue): TypeName {
  return typeof value === 'string' ? 'string' : value.type;
}

export function isString(value: RedisValue): value is StringValue {
  return typeof value === 'string' || value.type === 'string';
}

/** The bytes of a string value as a latin1 string. */
export function stringOf(value: StringValue): string {
  return typeof value === 'string' ? value : value.toString();
}

export function stringLength(value: StringValue): number {
  return value.length;
}

/** The value to edit in place: turns an immutable string into a MutableString (the caller stores it back). */
export function mutableOf(value: StringValue | undefined): MutableString {
  if (value === undefined) return new MutableString('');
  return typeof value === 'string' ? new MutableString(value) : value;
}

export { MutableString };
