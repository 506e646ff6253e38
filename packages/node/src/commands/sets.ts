import { NOT_INTEGER, SYNTAX, WRONGTYPE } from '../errors.js';
import { globMatch } from '@understudy/resp';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import { buildSet, SetValue } from '../store/types/set.js';
import type { RedisValue } from '../store/values.js';
import { LLONG_MAX, parseInt64 } from '../util/numbers.js';
import { readKey, readTyped, REPLIED } from './lookup.js';
import { parseCursorArg, parseScanOptions, replyScan } from './scan.js';
import { FIRST_KEY, type CommandFamily } from './types.js';

/** Set commands (t_set.c). The data structure and its encodings live in store/types/set.ts. */

// --- shared helpers ---------------------------------------------------------------------------------------

function maxIntsetEntries(client: Client): number {
  return client.node.config.getNumber('set-max-intset-entries');
}

/** A looked-up value as a set: the set, undefined when absent, REPLIED after WRONGTYPE. */
function asSet(client: Client, value: RedisValue | undefined): SetValue | undefined | null {
  if (value === undefined || (typeof value !== 'string' && value.type === 'set')) return value as SetValue | undefined;
  client.error(WRONGTYPE);
  return REPLIED;
}

/** Counts are C longs (64 bits). */
const LONG_MAX = LLONG_MAX;

/**
 * getRangeLongFromObjectOrReply: an integer argument within [min, max], else null after replying `message`
 * (Redis answers the same custom message for "not a number" and "out of range"), or, without one, its
 * generic texts.
 */
function rangeLong(client: Client, text: string, min: bigint, max: bigint, message?: string): number | null {
  const value = parseInt64(text);
  if (value === null) {
    client.error(message ?? NOT_INTEGER);
    return null;
  }
  if (value < min || value > max) {
    client.error(message ?? `ERR value is out of range, value must between ${min} and ${max}`);
    return null;
  }
  return Number(value);
}

/** getPositiveLongFromObjectOrReply: 0..LONG_MAX. */
function positiveLong(client: Client, text: string, message = 'ERR value is out of range, must be positive'): number | null {
  return rangeLong(client, text, 0n, LONG_MAX, message);
}

/** Replies a set value as a RESP3 set (an array in RESP2), in its iteration order. */
function replySetValue(client: Client, set: SetValue): void {
  const reply = client.reply;
  reply.setHeader(set.size);
  for (const member of set.members()) reply.bulk(member);
}

/**
 * Stores the result of SINTERSTORE/SUNIONSTORE/SDIFFSTORE as Redis does: a non-empty result replaces `dst`
 * (its TTL goes) and announces `event`; an empty one deletes `dst` if it existed ('del'). Replies the size.
 */
function storeResult(client: Client, dst: string, result: SetValue, event: string): void {
  const db = client.db;
  const node = client.node;
  if (result.size > 0) {
    db.set(dst, result);
    client.reply.integer(result.size);
    node.notify(NOTIFY.set, event, dst, db.index);
  } else {
    client.reply.integer(0);
    if (db.delete(dst)) node.notify(NOTIFY.generic, 'del', dst, db.index);
  }
}

/**
 * Looks up source sets for reading (counting hits and misses), in argument order: the first wrong type
 * answers WRONGTYPE (null), whatever comes before or after it. Missing keys are undefined (empty sets).
 */
function readSets(client: Client, keys: readonly string[]): (SetValue | undefined)[] | null {
  const sets: (SetValue | undefined)[] = [];
  for (const key of keys) {
    const set = asSet(client, readKey(client, key));
    if (set === REPLIED) return null;
    sets.push(set);
  }
  return sets;
}

// --- single-set commands ----------------------------------------------------------------------------------

function sadd(client: Client, args: string[]): void {
  const key = args[1]!;
  const db = client.db;
  let set = readTyped<SetValue>(client, key, 'set', true);
  if (set === REPLIED) return;
  const created = set === undefined;
  set ??= SetValue.for(args[2]!);
  const max = maxIntsetEntries(client);
  let added = 0;
  for (let j = 2; j < args.length; j++) if (set.add(args[j]!, max)) added++;
  if (created) db.set(key, set);
  else if (added > 0) db.touch(key);
  if (added > 0) client.node.notify(NOTIFY.set, 'sadd', key, db.index);
  client.reply.integer(added);
}

function srem(client: Client, args: string[]): void {
  const key = args[1]!;
  const set = readTyped<SetValue>(client, key, 'set', true);
  if (set === REPLIED) return;
  if (set === undefined) return client.reply.integer(0);
  let deleted = 0;
  for (let j = 2; j < args.length; j++) {
    if (set.remove(args[j]!)) {
      deleted++;
      if (set.size === 0) break;
    }
  }
  if (deleted > 0) announceRemoval(client, key, set, 'srem');
  client.reply.integer(deleted);
}

/**
 * After members left a set: the key is deleted when it became empty (Redis deletes empty collections), else
 * touched; `event` is announced, then 'del' for a deleted key.
 */
function announceRemoval(client: Client, key: string, set: SetValue, event: string): void {
  const db = client.db;
  const node = client.node;
  const empty = set.size === 0;
  if (empty) db.delete(key);
  else db.touch(key);
  node.notify(NOTIFY.set, event, key, db.index);
  if (empty) node.notify(NOTIFY.generic, 'del', key, db.index);
}

function smove(client: Client, args: string[]): void {
  const [, srcKey, dstKey, member] = args as [string, string, string, string];
  const db = client.db;
  const srcValue = db.get(srcKey);
  const dstValue = db.get(dstKey);
  // A missing source answers 0 before any type check, as Redis does.
  if (srcValue === undefined) return client.reply.integer(0);
  const src = asSet(client, srcValue);
  if (src === REPLIED) return;
  let dst = asSet(client, dstValue);
  if (dst === REPLIED) return;
  if (src === dst) return client.reply.integer(src!.has(member) ? 1 : 0);
  if (!src!.remove(member)) return client.reply.integer(0);
  announceRemoval(client, srcKey, src!, 'srem');
  if (dst === undefined) {
    dst = SetValue.for(member);
    db.set(dstKey, dst);
  }
  // The destination counts as changed (WATCH, event) only if the member was not there yet.
  if (dst.add(member, maxIntsetEntries(client))) {
    db.touch(dstKey);
    client.node.notify(NOTIFY.set, 'sadd', dstKey, db.index);
  }
  client.reply.integer(1);
}

function sismember(client: Client, args: string[]): void {
  const set = readTyped<SetValue>(client, args[1]!, 'set');
  if (set === REPLIED) return;
  client.reply.integer(set !== undefined && set.has(args[2]!) ? 1 : 0);
}

function smismember(client: Client, args: string[]): void {
  const set = readTyped<SetValue>(client, args[1]!, 'set');
  if (set === REPLIED) return;
  const reply = client.reply;
  reply.arrayHeader(args.length - 2);
  for (let j = 2; j < args.length; j++) reply.integer(set !== undefined && set.has(args[j]!) ? 1 : 0);
}

function scard(client: Client, args: string[]): void {
  const set = readTyped<SetValue>(client, args[1]!, 'set');
  if (set === REPLIED) return;
  client.reply.integer(set === undefined ? 0 : set.size);
}

// --- SPOP and SRANDMEMBER ---------------------------------------------------------------------------------

/** SPOP key: one random member, propagated as SREM key member. */
function spop(client: Client, args: string[]): void {
  if (args.length === 3) return spopWithCount(client, args);
  if (args.length > 3) return client.error(SYNTAX);
  const key = args[1]!;
  const set = readTyped<SetValue>(client, key, 'set', true);
  if (set === REPLIED) return;
  if (set === undefined) return client.reply.nullBulk();
  const member = set.popRandom();
  client.node.replaceEffect(['SREM', key, member]);
  client.reply.bulk(member);
  announceRemoval(client, key, set, 'spop');
}

/**
 * When fewer than this many times `count` members would remain, SPOP builds the set of the survivors
 * instead of removing `count` members one by one (SPOP_MOVE_STRATEGY_MUL): the survivors form a new set,
 * encoded afresh, so a hashtable can come back as an intset, as in Redis.
 */
const SPOP_MOVE_STRATEGY_MUL = 5;

/**
 * SPOP key count (spopWithCountCommand). Taking the whole set replies it as SUNION would and propagates
 * DEL key; otherwise each popped member is propagated as its own SREM key member, as Redis 7.0 does
 * (the dispatcher wraps them in MULTI/EXEC).
 */
function spopWithCount(client: Client, args: string[]): void {
  const count = positiveLong(client, args[2]!);
  if (count === null) return;
  const key = args[1]!;
  const set = readTyped<SetValue>(client, key, 'set', true);
  if (set === REPLIED) return;
  const db = client.db;
  const node = client.node;
  if (set === undefined || count === 0) return client.reply.setHeader(0);
  const size = set.size;
  node.notify(NOTIFY.set, 'spop', key, db.index);
  if (count >= size) {
    replySetValue(client, buildSet(set.members(), maxIntsetEntries(client)));
    db.delete(key);
    node.notify(NOTIFY.generic, 'del', key, db.index);
    node.replaceEffect(['DEL', key]);
    return;
  }
  const popped = (size - count) * SPOP_MOVE_STRATEGY_MUL > count ? popEach(set, count) : popAllBut(client, key, set, size - count);
  client.reply.setHeader(popped.length);
  for (const member of popped) client.reply.bulk(member);
  node.replaceEffect(...popped.map((member) => ['SREM', key, member]));
  db.touch(key);
}

/** Removes `count` random members one at a time. */
function popEach(set: SetValue, count: number): string[] {
  const popped: string[] = [];
  for (let i = 0; i < count; i++) popped.push(set.popRandom());
  return popped;
}

/** Keeps `remaining` random members in a new set stored at `key`; returns the others (the popped ones). */
function popAllBut(client: Client, key: string, set: SetValue, remaining: number): string[] {
  const kept: string[] = [];
  for (let i = 0; i < remaining; i++) kept.push(set.popRandom());
  client.db.replace(key, buildSet(kept, maxIntsetEntries(client)));
  return set.toArray();
}

/**
 * Below this ratio of set size to count, SRANDMEMBER copies the set and drops random members instead of
 * picking random ones until enough are distinct (SRANDMEMBER_SUB_STRATEGY_MUL).
 */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

function srandmember(client: Client, args: string[]): void {
  if (args.length === 3) return srandmemberWithCount(client, args);
  if (args.length > 3) return client.error(SYNTAX);
  const set = readTyped<SetValue>(client, args[1]!, 'set');
  if (set === REPLIED) return;
  if (set === undefined) return client.reply.nullBulk();
  client.reply.bulk(set.memberAt(set.randomSlot()));
}

/**
 * SRANDMEMBER key count (srandmemberWithCountCommand): a negative count samples with repetition, a positive
 * one returns distinct members, every member equally likely (the slots make each pick exactly uniform).
 */
function srandmemberWithCount(client: Client, args: string[]): void {
  const requested = rangeLong(client, args[2]!, -LONG_MAX, LONG_MAX);
  if (requested === null) return;
  const set = readTyped<SetValue>(client, args[1]!, 'set');
  if (set === REPLIED) return;
  const reply = client.reply;
  if (set === undefined || requested === 0) return reply.arrayHeader(0);
  const unique = requested > 0;
  const count = Math.abs(requested);
  const size = set.size;
  if (!unique || count === 1) {
    reply.arrayHeader(count);
    for (let i = 0; i < count; i++) reply.bulk(set.memberAt(set.randomSlot()));
    return;
  }
  if (count >= size) {
    reply.arrayHeader(size);
    for (const member of set.members()) reply.bulk(member);
    return;
  }
  reply.bulkArray(count * SRANDMEMBER_SUB_STRATEGY_MUL > size ? dropRandom(set, count) : pickDistinct(set, count));
}

/** A copy of the whole set with random members removed until `count` remain. */
function dropRandom(set: SetValue, count: number): string[] {
  const members = set.toArray();
  while (members.length > count) {
    const slot = Math.floor(Math.random() * members.length);
    members[slot] = members[members.length - 1]!;
    members.pop();
  }
  return members;
}

/** Random picks until `count` distinct slots are found (count is well below the size). */
function pickDistinct(set: SetValue, count: number): string[] {
  const slots = new Set<number>();
  while (slots.size < count) slots.add(set.randomSlot());
  const members: string[] = [];
  for (const slot of slots) members.push(set.memberAt(slot));
  return members;
}

// --- SINTER, SUNION, SDIFF and their STORE / CARD forms -----------------------------------------------------

/**
 * sinterGenericCommand. `dst` stores the result (SINTERSTORE); `cardinalityOnly` answers its size, stopping
 * at `limit` members when limit > 0 (SINTERCARD); otherwise the members are replied as a set.
 */
function sinterGeneric(client: Client, keys: readonly string[], dst: string | null, cardinalityOnly: boolean, limit: number): void {
  const found = readSets(client, keys);
  if (found === null) return;
  if (found.includes(undefined)) {
    // An empty set makes the intersection empty.
    if (dst !== null) storeResult(client, dst, new SetValue(true), 'sinterstore');
    else if (cardinalityOnly) client.reply.integer(0);
    else client.reply.setHeader(0);
    return;
  }
  // Smallest first: every member of the result is in it, and each candidate is checked against the others.
  const sets = (found as SetValue[]).sort((a, b) => a.size - b.size);
  const smallest = sets[0]!;
  const result: string[] = [];
  for (const member of smallest.members()) {
    let inAll = true;
    for (let j = 1; j < sets.length && inAll; j++) inAll = sets[j] === smallest || sets[j]!.has(member);
    if (!inAll) continue;
    result.push(member);
    if (cardinalityOnly && limit > 0 && result.length >= limit) break;
  }
  if (dst !== null) storeResult(client, dst, buildSet(result, maxIntsetEntries(client)), 'sinterstore');
  else if (cardinalityOnly) client.reply.integer(result.length);
  else {
    client.reply.setHeader(result.length);
    for (const member of result) client.reply.bulk(member);
  }
}

function sinter(client: Client, args: string[]): void {
  sinterGeneric(client, args.slice(1), null, false, 0);
}

function smembers(client: Client, args: string[]): void {
  sinterGeneric(client, [args[1]!], null, false, 0);
}

function sinterstore(client: Client, args: string[]): void {
  sinterGeneric(client, args.slice(2), args[1]!, false, 0);
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
function sintercard(client: Client, args: string[]): void {
  const numkeys = rangeLong(client, args[1]!, 1n, LONG_MAX, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return;
  if (numkeys > args.length - 2) return client.error("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let j = 2 + numkeys; j < args.length; j++) {
    if (args[j]!.toLowerCase() === 'limit' && j < args.length - 1) {
      const value = positiveLong(client, args[++j]!, "ERR LIMIT can't be negative");
      if (value === null) return;
      limit = value;
    } else {
      return client.error(SYNTAX);
    }
  }
  sinterGeneric(client, args.slice(2, 2 + numkeys), null, true, limit);
}

/**
 * sunionDiffGenericCommand. The result is built as a new set (intset while it can be), which also gives its
 * reply order. SDIFF uses whichever of Redis's two algorithms it would: checking each member of the first set
 * against the others (O(N*M)), or adding the first set and removing the others (O(total)).
 */
function sunionDiffGeneric(client: Client, keys: readonly string[], dst: string | null, op: 'union' | 'diff'): void {
  const sets = readSets(client, keys);
  if (sets === null) return;
  const max = maxIntsetEntries(client);
  const result = op === 'union' ? union(sets, max) : diff(sets, max);
  if (dst === null) replySetValue(client, result);
  else storeResult(client, dst, result, op === 'union' ? 'sunionstore' : 'sdiffstore');
}

function union(sets: readonly (SetValue | undefined)[], max: number): SetValue {
  const result = new SetValue(true);
  for (const set of sets) if (set !== undefined) for (const member of set.members()) result.add(member, max);
  return result;
}

function diff(sets: readonly (SetValue | undefined)[], max: number): SetValue {
  const first = sets[0];
  // Subtracting the first set itself (the same key again) leaves nothing.
  if (first === undefined || sets.indexOf(first, 1) !== -1) return new SetValue(true);
  const others = sets.slice(1).filter((set): set is SetValue => set !== undefined);
  let total = first.size;
  for (const set of others) total += set.size;
  // Algorithm 1 has better constants: Redis halves its estimate.
  const checkEachWork = Math.floor((first.size * (others.length + 1)) / 2);
  if (checkEachWork <= total) {
    // Largest sets first: a member found in one of them is decided sooner.
    others.sort((a, b) => b.size - a.size);
    const kept: string[] = [];
    for (const member of first.members()) if (!others.some((set) => set.has(member))) kept.push(member);
    return buildSet(kept, max);
  }
  const result = buildSet(first.members(), max);
  for (const set of others) {
    if (result.size === 0) break;
    for (const member of set.members()) result.remove(member);
  }
  return result;
}

function sunion(client: Client, args: string[]): void {
  sunionDiffGeneric(client, args.slice(1), null, 'union');
}

function sunionstore(client: Client, args: string[]): void {
  sunionDiffGeneric(client, args.slice(2), args[1]!, 'union');
}

function sdiff(client: Client, args: string[]): void {
  sunionDiffGeneric(client, args.slice(1), null, 'diff');
}

function sdiffstore(client: Client, args: string[]): void {
  sunionDiffGeneric(client, args.slice(2), args[1]!, 'diff');
}

// --- SSCAN ------------------------------------------------------------------------------------------------

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]: the cursor is checked first, then the key, then the
 * options, as Redis does. An intset answers all its members with cursor 0 (Redis returns small encodings
 * whole); a hashtable walks the shared cursor registry.
 */
function sscan(client: Client, args: string[]): void {
  const cursor = parseCursorArg(client, args[2]!);
  if (cursor === null) return;
  const set = readTyped<SetValue>(client, args[1]!, 'set');
  if (set === REPLIED) return;
  if (set === undefined) return replyScan(client, 0, []);
  const options = parseScanOptions(client, args, 3, false);
  if (options === null) return;
  const source = set.scanSource;
  let batch: string[];
  let next = 0;
  if (source === null) {
    batch = set.toArray();
  } else {
    batch = [];
    const node = client.node;
    next = node.scanCursors.step(source, cursor, options.count, node.clock.now(), batch);
  }
  const pattern = options.pattern;
  if (pattern !== null) batch = batch.filter((member) => globMatch(pattern, member));
  replyScan(client, next, batch);
}

// --- the table ------------------------------------------------------------------------------------------

const group = { group: 'set', categories: ['@set'] } as const;
const single = { ...group, ...FIRST_KEY } as const;
/** Keys from the first argument to the last (for the STORE forms: the destination, then the sources). */
const allKeys = { ...group, firstKey: 1, lastKey: -1, step: 1 } as const;
const INTER_COMPLEXITY = 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const UNION_COMPLEXITY = 'O(N) where N is the total number of elements in all given sets.';

export const setCommands: CommandFamily = [
  {
    ...single,
    name: 'sadd',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Add one or more members to a set',
    since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    handler: sadd,
  },
  {
    ...single,
    name: 'srem',
    arity: -3,
    flags: ['write', 'fast'],
    summary: 'Remove one or more members from a set',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of members to be removed.',
    handler: srem,
  },
  {
    ...single,
    name: 'smembers',
    arity: 2,
    flags: ['readonly'],
    summary: 'Get all the members in a set',
    since: '1.0.0',
    complexity: 'O(N) where N is the set cardinality.',
    handler: smembers,
  },
  {
    ...single,
    name: 'sismember',
    arity: 3,
    flags: ['readonly', 'fast'],
    summary: 'Determine if a given value is a member of a set',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: sismember,
  },
  {
    ...single,
    name: 'smismember',
    arity: -3,
    flags: ['readonly', 'fast'],
    summary: 'Returns the membership associated with the given elements for a set',
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    handler: smismember,
  },
  {
    ...single,
    name: 'scard',
    arity: 2,
    flags: ['readonly', 'fast'],
    summary: 'Get the number of members in a set',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: scard,
  },
  {
    ...single,
    name: 'spop',
    arity: -2,
    flags: ['write', 'fast'],
    summary: 'Remove and return one or multiple random members from a set',
    since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    handler: spop,
  },
  {
    ...single,
    name: 'srandmember',
    arity: -2,
    flags: ['readonly'],
    summary: 'Get one or multiple random members from a set',
    since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    handler: srandmember,
  },
  {
    ...group,
    firstKey: 1,
    lastKey: 2,
    step: 1,
    name: 'smove',
    arity: 4,
    flags: ['write', 'fast'],
    summary: 'Move a member from one set to another',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: smove,
  },
  { ...allKeys, name: 'sinter', arity: -2, flags: ['readonly'], summary: 'Intersect multiple sets', since: '1.0.0', complexity: INTER_COMPLEXITY, handler: sinter },
  {
    ...group,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    name: 'sintercard',
    arity: -3,
    flags: ['readonly'],
    summary: 'Intersect multiple sets and return the cardinality of the result',
    since: '7.0.0',
    complexity: INTER_COMPLEXITY,
    handler: sintercard,
  },
  {
    ...allKeys,
    name: 'sinterstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    summary: 'Intersect multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: INTER_COMPLEXITY,
    handler: sinterstore,
  },
  { ...allKeys, name: 'sunion', arity: -2, flags: ['readonly'], summary: 'Add multiple sets', since: '1.0.0', complexity: UNION_COMPLEXITY, handler: sunion },
  {
    ...allKeys,
    name: 'sunionstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    summary: 'Add multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: UNION_COMPLEXITY,
    handler: sunionstore,
  },
  { ...allKeys, name: 'sdiff', arity: -2, flags: ['readonly'], summary: 'Subtract multiple sets', since: '1.0.0', complexity: UNION_COMPLEXITY, handler: sdiff },
  {
    ...allKeys,
    name: 'sdiffstore',
    arity: -3,
    flags: ['write', 'denyoom'],
    summary: 'Subtract multiple sets and store the resulting set in a key',
    since: '1.0.0',
    complexity: UNION_COMPLEXITY,
    handler: sdiffstore,
  },
  {
    ...single,
    name: 'sscan',
    arity: -3,
    flags: ['readonly'],
    summary: 'Incrementally iterate Set elements',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    handler: sscan,
  },
];
