import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import type { HashValue } from '../store/types/hash.js';
import { ListValue } from '../store/types/list.js';
import type { SetValue } from '../store/types/set.js';
import type { ZSetValue } from '../store/types/zset.js';
import { isString, stringOf, type RedisValue } from '../store/values.js';
import { parseInt64 } from '../util/numbers.js';
import { isCSpace, strtod } from '../util/strtod.js';
import { readKey } from './lookup.js';
import { FIRST_KEY, type CommandFamily } from './types.js';

/**
 * SORT and SORT_RO (sort.c) over lists, sets and sorted sets. SORT ... STORE is deterministic (a set sorted
 * "BY nosort" into a STORE is forced into ALPHA order, numeric ties fall back to byte order), so its effect
 * is the command itself, as Redis propagates it.
 */

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  store: string | null;
  /** The last BY pattern (used only when sorting), null when absent. */
  by: string | null;
  /** BY with a constant pattern: keep the native order. */
  dontSort: boolean;
  gets: string[];
}

/** The options from argument 2 on, as sortCommandGeneric parses them; null after replying an error. */
function parseOptions(client: Client, args: string[], readonly: boolean): SortOptions | null {
  const options: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, store: null, by: null, dontSort: false, gets: [] };
  for (let j = 2; j < args.length; j++) {
    const option = args[j]!.toLowerCase();
    const left = args.length - j - 1;
    if (option === 'asc') options.desc = false;
    else if (option === 'desc') options.desc = true;
    else if (option === 'alpha') options.alpha = true;
    else if (option === 'limit' && left >= 2) {
      const start = parseInt64(args[j + 1]!);
      const count = start === null ? null : parseInt64(args[j + 2]!);
      if (count === null) {
        client.error(NOT_INTEGER);
        return null;
      }
      options.limitStart = Number(start);
      options.limitCount = Number(count);
      j += 2;
    } else if (!readonly && option === 'store' && left >= 1) {
      options.store = args[++j]!;
    } else if (option === 'by' && left >= 1) {
      const pattern = args[++j]!;
      // A pattern without '*' names the same key for every element: nothing to sort by. As in Redis, one
      // such BY disables sorting for good, even if a later BY has a '*'.
      if (!pattern.includes('*')) options.dontSort = true;
      options.by = pattern;
    } else if (option === 'get' && left >= 1) {
      options.gets.push(args[++j]!);
    } else {
      client.error(SYNTAX);
      return null;
    }
  }
  return options;
}

/**
 * lookupKeyByPattern: "#" is the element itself; otherwise the first '*' becomes the element, and a "->field"
 * suffix (with a non-empty field) reads that hash field. Only strings (or the hash field) count: anything
 * else, a missing key or a pattern without '*', is null.
 */
function lookupByPattern(client: Client, pattern: string, element: string): string | null {
  if (pattern === '#') return element;
  const star = pattern.indexOf('*');
  if (star === -1) return null;
  const arrow = pattern.indexOf('->', star + 1);
  const field = arrow !== -1 && arrow + 2 < pattern.length ? pattern.slice(arrow + 2) : null;
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, field === null ? pattern.length : arrow);
  const value = readKey(client, key);
  if (value === undefined) return null;
  if (field !== null) {
    if (typeof value === 'string' || value.type !== 'hash') return null;
    return (value as HashValue).get(field) ?? null;
  }
  return isString(value) ? stringOf(value) : null;
}

/**
 * A sort weight as SORT reads it: C's strtod over the whole text after leading spaces, an error (null) when
 * text is left over, the value is NaN or strtod reports ERANGE (SORT refuses subnormals too). The empty
 * string reads as 0, as strtod leaves it without complaint.
 */
export function sortWeight(text: string): number | null {
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return i === 0 ? 0 : null;
  const parsed = strtod(i === 0 ? text : text.slice(i));
  if (parsed === null || parsed.erange || Number.isNaN(parsed.value)) return null;
  return parsed.value;
}

/** Byte order of latin1 strings (memcmp, then length): JS compares their code units the same way. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The elements to sort and the output window [start, end] over them. */
interface SortVector {
  elements: string[];
  start: number;
  end: number;
}

/**
 * The LIMIT window as Redis clamps it over `length` elements: start within [0, length], a negative count
 * meaning "to the end"; an empty window is end = start - 1.
 */
function window(options: SortOptions, length: number): { start: number; end: number } {
  let start = Math.min(Math.max(options.limitStart, 0), length);
  const count = Math.min(Math.max(options.limitCount, -1), length);
  let end = count < 0 ? length - 1 : start + count - 1;
  if (start >= length) {
    start = length - 1;
    end = length - 2;
  }
  if (end >= length) end = length - 1;
  return { start, end };
}

/**
 * Loads the elements. Unsorted lists and sorted sets load only the window, in native order (reversed by
 * DESC), and the window becomes the whole vector; everything else loads whole.
 */
function loadVector(value: RedisValue | undefined, options: SortOptions): SortVector {
  if (value === undefined) return { elements: [], start: -1, end: -2 };
  const typed = value as ListValue | SetValue | ZSetValue;
  const length = typed.type === 'list' ? typed.length : typed.size;
  const { start, end } = window(options, length);
  const desc = options.desc;
  if (typed.type === 'list') {
    if (!options.dontSort) return { elements: typed.toArray(), start, end };
    if (end < start) return { elements: [], start, end };
    const elements = desc ? typed.range(length - 1 - end, length - 1 - start, true) : typed.range(start, end);
    return { elements, start: 0, end: end - start };
  }
  if (typed.type === 'zset') {
    if (!options.dontSort) return { elements: [...typed.scanSource.keys()], start, end };
    const elements: string[] = [];
    const push = (member: string): void => void elements.push(member);
    if (desc) typed.range(length - 1 - end, length - 1 - start, true, push);
    else typed.range(start, end, false, push);
    return { elements, start: 0, end: end - start };
  }
  return { elements: typed.toArray(), start, end };
}

/**
 * Sorts the elements in place by their weights (numeric: the element or its BY value read as a double,
 * ties in byte order), or ALPHA (byte order of the element or its BY value, missing values first).
 * Returns false when a weight is not a double.
 */
function sortElements(client: Client, elements: string[], options: SortOptions): boolean {
  const n = elements.length;
  const by = options.by;
  const weights: (string | null)[] = new Array<string | null>(n);
  for (let j = 0; j < n; j++) weights[j] = by === null ? elements[j]! : lookupByPattern(client, by, elements[j]!);
  const order = Array.from({ length: n }, (_, j) => j);
  const sign = options.desc ? -1 : 1;
  if (options.alpha) {
    order.sort((a, b) => {
      const wa = weights[a]!;
      const wb = weights[b]!;
      if (wa === null || wb === null) return sign * (wa === wb ? 0 : wa === null ? -1 : 1);
      return sign * compareBytes(wa, wb);
    });
  } else {
    const scores = new Float64Array(n);
    let bad = false;
    for (let j = 0; j < n; j++) {
      const weight = weights[j]!;
      if (weight === null) continue; // a missing BY key weighs 0
      const score = sortWeight(weight);
      if (score === null) bad = true;
      else scores[j] = score;
    }
    if (bad) {
      client.error("ERR One or more scores can't be converted into double");
      return false;
    }
    order.sort((a, b) => sign * (scores[a]! > scores[b]! ? 1 : scores[a]! < scores[b]! ? -1 : compareBytes(elements[a]!, elements[b]!)));
  }
  const sorted = order.map((j) => elements[j]!);
  for (let j = 0; j < n; j++) elements[j] = sorted[j]!;
  return true;
}

function sortGeneric(client: Client, args: string[], readonly: boolean): void {
  const options = parseOptions(client, args, readonly);
  if (options === null) return;
  const value = readKey(client, args[1]!);
  if (value !== undefined && (typeof value === 'string' || (value.type !== 'set' && value.type !== 'list' && value.type !== 'zset'))) {
    return client.error(WRONGTYPE);
  }
  // A set has no native order worth keeping into a stored (replicated) result: sort it ALPHA instead.
  if (options.dontSort && value?.type === 'set' && options.store !== null) {
    options.dontSort = false;
    options.alpha = true;
    options.by = null;
  }
  // Redis converts a listpack sorted set to a skiplist before sorting it.
  if (value?.type === 'zset') (value as ZSetValue).encoding = 'skiplist';
  const vector = loadVector(value, options);
  if (!options.dontSort && !sortElements(client, vector.elements, options)) return;
  if (options.store === null) replySorted(client, vector, options.gets);
  else storeSorted(client, vector, options.gets, options.store);
}

function replySorted(client: Client, { elements, start, end }: SortVector, gets: readonly string[]): void {
  const reply = client.reply;
  const count = end - start + 1;
  reply.arrayHeader(gets.length > 0 ? gets.length * count : count);
  for (let j = start; j <= end; j++) {
    const element = elements[j]!;
    if (gets.length === 0) reply.bulk(element);
    for (const pattern of gets) {
      const found = lookupByPattern(client, pattern, element);
      if (found === null) reply.nullBulk();
      else reply.bulk(found);
    }
  }
}

/**
 * STORE: the result (GET values, "" for missing ones) becomes a list at `dst`, replacing whatever was there
 * (TTL included); an empty result deletes `dst`. Replies the length.
 */
function storeSorted(client: Client, { elements, start, end }: SortVector, gets: readonly string[], dst: string): void {
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const element = elements[j]!;
    if (gets.length === 0) out.push(element);
    for (const pattern of gets) out.push(lookupByPattern(client, pattern, element) ?? '');
  }
  const db = client.db;
  const node = client.node;
  if (out.length > 0) {
    db.set(dst, new ListValue(out));
    node.notify(NOTIFY.list, 'sortstore', dst, db.index);
  } else if (db.delete(dst)) {
    node.notify(NOTIFY.generic, 'del', dst, db.index);
  }
  client.reply.integer(out.length);
}

const SORT_COMPLEXITY =
  'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).';
const sortSpec = { group: 'generic', categories: ['@set', '@sortedset', '@list', '@dangerous'], ...FIRST_KEY, complexity: SORT_COMPLEXITY } as const;

export const sortCommands: CommandFamily = [
  {
    ...sortSpec,
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom'],
    summary: 'Sort the elements in a list, set or sorted set',
    since: '1.0.0',
    handler: (client, args) => sortGeneric(client, args, false),
  },
  {
    ...sortSpec,
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly'],
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.',
    since: '7.0.0',
    handler: (client, args) => sortGeneric(client, args, true),
  },
];
