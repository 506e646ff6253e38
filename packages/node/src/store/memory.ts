import type { RedisValue, TypedValue } from './values.js';

/**
 * Approximate memory accounting, in the spirit of Redis's objectComputeSize: what a key would cost in Redis
 * (dict entry, key sds, robj, value), not what V8 spends. The figures only need to grow and shrink with the
 * data so that used_memory, MEMORY USAGE and maxmemory behave as in Redis; they are computed from lengths
 * and element counts, never by walking a collection on the write path.
 */

/** sizeof(dictEntry) on 64-bit. */
export const DICT_ENTRY_BYTES = 24;
/** sizeof(robj). */
const ROBJ_BYTES = 16;
/** An sds header (sdshdr8) plus its terminating NUL. */
const SDS_OVERHEAD = 4;
/** What Redis reports as used_memory right after start-up with an empty dataset (about 860 KB in 7.0). */
export const STARTUP_BYTES = 866_000;
/** MEMORY USAGE's default SAMPLES (OBJ_COMPUTE_SIZE_DEF_SAMPLES). */
export const DEFAULT_SAMPLES = 5;
/** Elements sampled when a collection is re-counted after an in-place change (kept small: it is a write path). */
const TOUCH_SAMPLES = 3;

/** jemalloc-like rounding: allocations come in 8-byte steps (16 minimum). */
function alloc(bytes: number): number {
  return bytes <= 16 ? 16 : (bytes + 7) & ~7;
}

/** An sds of `length` bytes as allocated. */
export function sdsBytes(length: number): number {
  return alloc(length + SDS_OVERHEAD);
}

/** Per-element cost of each encoding beyond the element's bytes (listpack entries vs hashtable nodes). */
function elementOverhead(value: TypedValue): number {
  switch (value.encoding) {
    case 'listpack':
    case 'ziplist':
      return 2;
    case 'intset':
      return 0;
    case 'quicklist':
      return 4;
    case 'skiplist':
      // dictEntry + skiplist node (score, backward pointer, one level on average) + the member's sds header.
      return DICT_ENTRY_BYTES + 40 + SDS_OVERHEAD;
    default:
      // hashtable: a dictEntry and an sds per element (hash: two sds per field, counted by the sampler).
      return DICT_ENTRY_BYTES + SDS_OVERHEAD;
  }
}

/** How many elements a collection holds, from whichever of `size`/`length` its type exposes. */
function elementCount(value: TypedValue): number {
  const sized = value as { size?: unknown; length?: unknown };
  if (typeof sized.size === 'number') return sized.size;
  if (typeof sized.length === 'number') return sized.length;
  return 0;
}

/** The bytes of the element at position `i` (0 <= i < count): its member, plus its value for hashes. */
function elementBytes(value: TypedValue, i: number): number {
  const v = value as unknown as {
    at?(i: number): string;
    fieldAt?(i: number): string;
    valueAt?(i: number): string;
    memberAt?(i: number): string;
  };
  if (v.fieldAt && v.valueAt) return v.fieldAt(i).length + v.valueAt(i).length + SDS_OVERHEAD;
  if (v.memberAt) return v.memberAt(i).length + (value.type === 'zset' ? 8 : 0);
  if (v.at) return v.at(i).length;
  return 8;
}

/**
 * A collection's bytes: its element count times the average size of up to `samples` elements spread over it
 * (objectComputeSize samples the same way), plus a fixed header.
 */
export function collectionBytes(value: TypedValue, samples: number): number {
  const count = elementCount(value);
  if (count === 0) return ROBJ_BYTES;
  const taken = Math.min(count, samples);
  const stride = count / taken;
  let sampled = 0;
  for (let s = 0; s < taken; s++) sampled += elementBytes(value, Math.floor(s * stride));
  const perElement = sampled / taken + elementOverhead(value);
  return ROBJ_BYTES + 64 + Math.round(perElement * count);
}

/** The bytes of a value (without its key): strings from their length, collections estimated. */
export function valueBytes(value: RedisValue, samples = TOUCH_SAMPLES): number {
  // Up to 44 bytes Redis allocates the robj and the sds together (embstr).
  if (typeof value === 'string') {
    return value.length <= 44 ? alloc(ROBJ_BYTES + value.length + SDS_OVERHEAD) : ROBJ_BYTES + sdsBytes(value.length);
  }
  if (value.type === 'string') return ROBJ_BYTES + sdsBytes((value as unknown as { length: number }).length);
  return value.memoryEstimate ? value.memoryEstimate() : collectionBytes(value, samples);
}

/** What one key costs: its dict entry, its key sds and its value (MEMORY USAGE's figure). */
export function entryBytes(key: string, value: RedisValue, samples = TOUCH_SAMPLES): number {
  return DICT_ENTRY_BYTES + sdsBytes(key.length) + valueBytes(value, samples);
}

/**
 * Counts a value as stored under `key` and returns its bytes. Object values remember what they were counted
 * for, so the database can re-count them after an in-place change by difference.
 */
export function account(key: string, value: RedisValue): number {
  const bytes = entryBytes(key, value);
  if (typeof value !== 'string') value.accountedBytes = bytes;
  return bytes;
}

/** The bytes a stored value was counted for (strings are immutable: recomputed from their length). */
export function accounted(key: string, value: RedisValue): number {
  if (typeof value === 'string') return entryBytes(key, value);
  return value.accountedBytes ?? 0;
}
