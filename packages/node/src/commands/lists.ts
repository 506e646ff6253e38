import { NO_SUCH_KEY, NOT_INTEGER, OUT_OF_RANGE, SYNTAX, wrongArity } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import { canBlock, parseTimeout } from '../server/blocking.js';
import type { Client } from '../server/client.js';
import { ListValue } from '../store/types/list.js';
import { parseInteger } from '../util/numbers.js';
import { readTyped, REPLIED } from './lookup.js';
import { FIRST_KEY, NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/** List commands (t_list.c), blocking ones included (they wait through server/blocking.ts). */

type End = 'left' | 'right';
/** The plain command a blocking move logs as its effect. */
type MoveEffect = 'LMOVE' | 'RPOPLPUSH';

// --- argument parsing -------------------------------------------------------------------------------------

/** getLongFromObjectOrReply: an int64 (as a number), or null after replying `message`. */
function parseLong(client: Client, text: string, message = NOT_INTEGER): number | null {
  const n = parseInteger(text);
  if (n === null) client.error(message);
  return n;
}

/** getPositiveLongFromObjectOrReply: a non-negative int64, or null after replying. */
function parsePositive(client: Client, text: string, message?: string): number | null {
  const n = parseLong(client, text, message);
  if (n === null || n >= 0) return n;
  client.error(message ?? 'ERR value is out of range, must be positive');
  return null;
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX, message): the same message for bad text and for < 1. */
function parseAtLeastOne(client: Client, text: string, message: string): number | null {
  const n = parseLong(client, text, message);
  if (n === null || n >= 1) return n;
  client.error(message);
  return null;
}

/** getListPositionFromObjectOrReply: LEFT or RIGHT, else a syntax error. */
function parseEnd(client: Client, text: string): End | null {
  const lower = text.toLowerCase();
  if (lower === 'left' || lower === 'right') return lower;
  client.error(SYNTAX);
  return null;
}

// --- shared list operations -------------------------------------------------------------------------------

function listOf(client: Client, key: string, forWrite: boolean): ListValue | undefined | null {
  return readTyped<ListValue>(client, key, 'list', forWrite);
}

/** dbAdd of a new empty list (Database.set announces 'new' as Redis's dbAdd); the caller pushes at once. */
function createList(client: Client, key: string): ListValue {
  const list = new ListValue();
  client.db.set(key, list);
  return list;
}

function push(list: ListValue, value: string, end: End): void {
  if (end === 'left') list.pushHead(value);
  else list.pushTail(value);
}

function pop(list: ListValue, end: End): string {
  return (end === 'left' ? list.popHead() : list.popTail())!;
}

/**
 * listElementsRemoved: after popping from `key`, announce lpop/rpop and either delete the emptied list (with
 * 'del') or tell WATCH the key changed. (The pop itself was an in-place change: it counts as one change.)
 */
function elementsRemoved(client: Client, key: string, list: ListValue, end: End): void {
  const db = client.db;
  client.node.notify(NOTIFY.list, end === 'left' ? 'lpop' : 'rpop', key, db.index);
  if (list.length === 0) {
    db.delete(key);
    client.node.notify(NOTIFY.generic, 'del', key, db.index);
  } else {
    db.touch(key);
  }
}

/**
 * Pops up to `count` elements from one end of a non-empty list and replies them as an array (the order they
 * were popped in); used by LPOP/RPOP with COUNT and, with the key name first, by [B]LMPOP.
 */
function popRange(client: Client, key: string, list: ListValue, end: End, count: number): number {
  const n = Math.min(count, list.length);
  client.reply.arrayHeader(n);
  for (let i = 0; i < n; i++) client.reply.bulk(pop(list, end));
  elementsRemoved(client, key, list, end);
  // Redis counts one change per popped element; elementsRemoved counted one.
  client.node.dirty += n - 1;
  return n;
}

/** listPopRangeAndReplyWithKey: [key, [elements...]] and the effect LPOP/RPOP key n. */
function popRangeWithKey(client: Client, key: string, list: ListValue, end: End, count: number): void {
  client.reply.arrayHeader(2);
  client.reply.bulk(key);
  const n = popRange(client, key, list, end, count);
  client.node.replaceEffect([end === 'left' ? 'LPOP' : 'RPOP', key, String(n)]);
}

/** Converts LRANGE/LTRIM style indexes: the clamped [start, end], or null when the range is empty. */
function clampRange(start: number, end: number, length: number): [number, number] | null {
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return null;
  return [start, Math.min(end, length - 1)];
}

// --- pushes -----------------------------------------------------------------------------------------------

/** LPUSH/RPUSH/LPUSHX/RPUSHX (pushGenericCommand): the length after the pushes. */
function pushCommand(client: Client, args: string[], end: End, onlyExisting: boolean): void {
  const key = args[1]!;
  let list = listOf(client, key, true);
  if (list === REPLIED) return;
  if (list === undefined) {
    if (onlyExisting) return client.reply.integer(0);
    list = createList(client, key);
  } else {
    client.db.touch(key);
  }
  for (let i = 2; i < args.length; i++) push(list, args[i]!, end);
  // Redis counts one change per element; set/touch counted one already.
  client.node.dirty += args.length - 3;
  client.reply.integer(list.length);
  client.node.notify(NOTIFY.list, end === 'left' ? 'lpush' : 'rpush', key, client.dbIndex);
}

/** LINSERT key BEFORE|AFTER pivot element: the new length, -1 without the pivot, 0 without the key. */
function linsert(client: Client, args: string[]): void {
  const where = args[2]!.toLowerCase();
  if (where !== 'before' && where !== 'after') return client.error(SYNTAX);
  const key = args[1]!;
  const list = listOf(client, key, true);
  if (list === REPLIED) return;
  if (list === undefined) return client.reply.integer(0);
  const at = list.indexOf(args[3]!);
  if (at === -1) return client.reply.integer(-1);
  list.insertAt(where === 'before' ? at : at + 1, args[4]!);
  client.db.touch(key);
  client.node.notify(NOTIFY.list, 'linsert', key, client.dbIndex);
  client.reply.integer(list.length);
}

// --- reads ------------------------------------------------------------------------------------------------

function llen(client: Client, args: string[]): void {
  const list = listOf(client, args[1]!, false);
  if (list === REPLIED) return;
  client.reply.integer(list?.length ?? 0);
}

function lindex(client: Client, args: string[]): void {
  const list = listOf(client, args[1]!, false);
  if (list === REPLIED) return;
  if (list === undefined) return client.reply.nullBulk();
  let index = parseLong(client, args[2]!);
  if (index === null) return;
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) return client.reply.nullBulk();
  client.reply.bulk(list.at(index));
}

function lrange(client: Client, args: string[]): void {
  const start = parseLong(client, args[2]!);
  if (start === null) return;
  const end = parseLong(client, args[3]!);
  if (end === null) return;
  const list = listOf(client, args[1]!, false);
  if (list === REPLIED) return;
  const range = list === undefined ? null : clampRange(start, end, list.length);
  if (range === null) return client.reply.arrayHeader(0);
  client.reply.arrayHeader(range[1] - range[0] + 1);
  for (let i = range[0]; i <= range[1]; i++) client.reply.bulk(list!.at(i));
}

interface LposOptions {
  rank: number;
  /** -1 when COUNT was not given (single reply), 0 for all matches. */
  count: number;
  maxlen: number;
}

function parseLposOptions(client: Client, args: string[]): LposOptions | null {
  const options: LposOptions = { rank: 1, count: -1, maxlen: 0 };
  for (let j = 3; j < args.length; j++) {
    const option = args[j]!.toLowerCase();
    const more = j < args.length - 1;
    if (option === 'rank' && more) {
      const rank = parseLong(client, args[++j]!);
      if (rank === null) return null;
      if (rank === 0) {
        client.error(
          'ERR RANK can\'t be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list',
        );
        return null;
      }
      options.rank = rank;
    } else if (option === 'count' && more) {
      const count = parsePositive(client, args[++j]!, "ERR COUNT can't be negative");
      if (count === null) return null;
      options.count = count;
    } else if (option === 'maxlen' && more) {
      const maxlen = parsePositive(client, args[++j]!, "ERR MAXLEN can't be negative");
      if (maxlen === null) return null;
      options.maxlen = maxlen;
    } else {
      client.error(SYNTAX);
      return null;
    }
  }
  return options;
}

/** LPOS key element [RANK r] [COUNT n] [MAXLEN m]: positions as LINDEX counts them. */
function lpos(client: Client, args: string[]): void {
  const options = parseLposOptions(client, args);
  if (options === null) return;
  const list = listOf(client, args[1]!, false);
  if (list === REPLIED) return;
  const wantArray = options.count !== -1;
  if (list === undefined) return wantArray ? client.reply.arrayHeader(0) : client.reply.nullBulk();
  const matches = findMatches(list, args[2]!, options);
  if (wantArray) {
    client.reply.arrayHeader(matches.length);
    for (const index of matches) client.reply.integer(index);
  } else if (matches.length === 0) client.reply.nullBulk();
  else client.reply.integer(matches[0]!);
}

/** The matching positions LPOS replies: from the rank-th match on, up to COUNT of them, within MAXLEN. */
function findMatches(list: ListValue, element: string, options: LposOptions): number[] {
  const fromTail = options.rank < 0;
  const rank = Math.abs(options.rank);
  const limit = options.count === -1 ? 1 : options.count;
  const length = list.length;
  const scan = options.maxlen === 0 ? length : Math.min(options.maxlen, length);
  const out: number[] = [];
  let matches = 0;
  for (let step = 0; step < scan; step++) {
    const index = fromTail ? length - 1 - step : step;
    if (list.at(index) !== element || ++matches < rank) continue;
    out.push(index);
    if (limit !== 0 && out.length >= limit) break;
  }
  return out;
}

// --- in-place edits ---------------------------------------------------------------------------------------

function lset(client: Client, args: string[]): void {
  const key = args[1]!;
  const list = listOf(client, key, true);
  if (list === REPLIED) return;
  if (list === undefined) return client.error(NO_SUCH_KEY);
  let index = parseLong(client, args[2]!);
  if (index === null) return;
  if (index < 0) index += list.length;
  if (index < 0 || index >= list.length) return client.error(OUT_OF_RANGE);
  list.setAt(index, args[3]!);
  client.db.touch(key);
  client.node.notify(NOTIFY.list, 'lset', key, client.dbIndex);
  client.reply.simple('OK');
}

function ltrim(client: Client, args: string[]): void {
  const start = parseLong(client, args[2]!);
  if (start === null) return;
  const end = parseLong(client, args[3]!);
  if (end === null) return;
  const key = args[1]!;
  const list = listOf(client, key, true);
  if (list === REPLIED) return;
  if (list === undefined) return client.reply.simple('OK');
  const length = list.length;
  const range = clampRange(start, end, length);
  const fromHead = range === null ? length : range[0];
  const fromTail = range === null ? 0 : length - range[1] - 1;
  list.trim(fromHead, fromTail);
  const node = client.node;
  node.notify(NOTIFY.list, 'ltrim', key, client.dbIndex);
  if (list.length === 0) {
    client.db.delete(key);
    node.notify(NOTIFY.generic, 'del', key, client.dbIndex);
  } else {
    client.db.touch(key);
  }
  // Redis counts every removed element as a change (none removed: no change, nothing propagated).
  node.dirty += fromHead + fromTail - 1;
  client.reply.simple('OK');
}

function lrem(client: Client, args: string[]): void {
  const toRemove = parseLong(client, args[2]!);
  if (toRemove === null) return;
  const key = args[1]!;
  const list = listOf(client, key, true);
  if (list === REPLIED) return;
  if (list === undefined) return client.reply.integer(0);
  const removed = list.removeMatching(args[3]!, Math.abs(toRemove), toRemove < 0);
  const node = client.node;
  if (removed > 0) {
    node.notify(NOTIFY.list, 'lrem', key, client.dbIndex);
    if (list.length === 0) {
      client.db.delete(key);
      node.notify(NOTIFY.generic, 'del', key, client.dbIndex);
    } else {
      client.db.touch(key);
    }
    node.dirty += removed - 1;
  }
  client.reply.integer(removed);
}

// --- pops -------------------------------------------------------------------------------------------------

/** LPOP/RPOP key [count] (popGenericCommand). */
function popCommand(client: Client, args: string[], end: End): void {
  if (args.length > 3) return client.error(wrongArity(args[0]!.toLowerCase()));
  const hasCount = args.length === 3;
  const count = hasCount ? parsePositive(client, args[2]!) : 0;
  if (count === null) return;
  const key = args[1]!;
  const list = listOf(client, key, true);
  if (list === REPLIED) return;
  if (list === undefined) return hasCount ? client.reply.nullArray() : client.reply.nullBulk();
  if (hasCount && count === 0) return client.reply.arrayHeader(0);
  if (!hasCount) {
    client.reply.bulk(pop(list, end));
    elementsRemoved(client, key, list, end);
    return;
  }
  popRange(client, key, list, end, count);
}

interface MpopArgs {
  keys: string[];
  end: End;
  count: number;
}

/** LMPOP/BLMPOP's numkeys key... LEFT|RIGHT [COUNT n], starting at argument `numkeysAt`. */
function parseMpop(client: Client, args: string[], numkeysAt: number): MpopArgs | null {
  const numkeys = parseAtLeastOne(client, args[numkeysAt]!, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return null;
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= args.length) {
    client.error(SYNTAX);
    return null;
  }
  const end = parseEnd(client, args[whereAt]!);
  if (end === null) return null;
  let count = -1;
  for (let j = whereAt + 1; j < args.length; j++) {
    if (count === -1 && args[j]!.toLowerCase() === 'count' && j < args.length - 1) {
      const given = parseAtLeastOne(client, args[++j]!, 'ERR count should be greater than 0');
      if (given === null) return null;
      count = given;
    } else {
      client.error(SYNTAX);
      return null;
    }
  }
  return { keys: args.slice(numkeysAt + 1, whereAt), end, count: count === -1 ? 1 : count };
}

/**
 * The first of `keys` holding a non-empty list: its key and list, undefined when none does, or REPLIED
 * after WRONGTYPE (a key of another type before any list stops the scan, as in Redis).
 */
function firstList(client: Client, keys: readonly string[]): [string, ListValue] | undefined | null {
  for (const key of keys) {
    const list = listOf(client, key, true);
    if (list === REPLIED) return REPLIED;
    if (list !== undefined && list.length > 0) return [key, list];
  }
  return undefined;
}

function lmpop(client: Client, args: string[]): void {
  const parsed = parseMpop(client, args, 1);
  if (parsed === null) return;
  const found = firstList(client, parsed.keys);
  if (found === REPLIED) return;
  if (found === undefined) return client.reply.nullArray();
  popRangeWithKey(client, found[0], found[1], parsed.end, parsed.count);
}

// --- LMOVE and RPOPLPUSH ----------------------------------------------------------------------------------

/**
 * lmoveHandlePush + the pop side: moves one element from `source` (a non-empty list) to `destKey` (whose
 * current value, possibly the same list, was already type-checked), replies the element and announces
 * the events in Redis's order: push on the destination, then pop (and maybe del) on the source.
 */
function moveElement(
  client: Client,
  sourceKey: string,
  source: ListValue,
  destKey: string,
  dest: ListValue | undefined,
  from: End,
  to: End,
): void {
  const value = pop(source, from);
  const target = dest ?? createList(client, destKey);
  if (dest !== undefined) client.db.touch(destKey);
  push(target, value, to);
  client.node.notify(NOTIFY.list, to === 'left' ? 'lpush' : 'rpush', destKey, client.dbIndex);
  client.reply.bulk(value);
  elementsRemoved(client, sourceKey, source, from);
  // Both sides counted a change; Redis counts a move as one.
  client.node.dirty--;
}

/**
 * LMOVE/RPOPLPUSH and the immediate case of BLMOVE/BRPOPLPUSH (lmoveGenericCommand): null when the source is
 * missing; the blocking forms log the plain command they performed.
 */
function lmoveGeneric(client: Client, args: string[], from: End, to: End, effectName: MoveEffect | null): void {
  const sourceKey = args[1]!;
  const destKey = args[2]!;
  const source = listOf(client, sourceKey, true);
  if (source === REPLIED) return;
  if (source === undefined) return client.reply.nullBulk();
  const dest = listOf(client, destKey, true);
  if (dest === REPLIED) return;
  moveElement(client, sourceKey, source, destKey, dest, from, to);
  if (effectName === 'LMOVE') client.node.replaceEffect(['LMOVE', sourceKey, destKey, args[3]!, args[4]!]);
  else if (effectName === 'RPOPLPUSH') client.node.replaceEffect(['RPOPLPUSH', sourceKey, destKey]);
}

function lmove(client: Client, args: string[]): void {
  const from = parseEnd(client, args[3]!);
  if (from === null) return;
  const to = parseEnd(client, args[4]!);
  if (to === null) return;
  lmoveGeneric(client, args, from, to, null);
}

// --- blocking commands ------------------------------------------------------------------------------------

/**
 * blockingPopGenericCommand: BLPOP/BRPOP (count -1: [key, element]) and BLMPOP (count n: [key, [elements]]).
 * Served at once when a key holds a list (effect: the plain pop), else blocks, or answers null inside MULTI.
 */
function blockingPop(client: Client, keys: string[], end: End, timeoutText: string, count: number): void {
  const deadline = parseTimeout(client, timeoutText);
  if (deadline === null) return;
  const found = firstList(client, keys);
  if (found === REPLIED) return;
  if (found !== undefined) return servePop(client, found[0], found[1], end, count);
  if (!canBlock(client)) return client.reply.nullArray();
  client.node.blocking.block(client, {
    keys,
    type: 'list',
    deadline,
    serve: (receiver, key, value) => servePop(receiver, key, value as ListValue, end, count),
  });
}

/** One blocking pop served (at once or later): the reply, the events and the plain pop as the effect. */
function servePop(client: Client, key: string, list: ListValue, end: End, count: number): void {
  if (count !== -1) return popRangeWithKey(client, key, list, end, count);
  client.reply.arrayHeader(2);
  client.reply.bulk(key);
  client.reply.bulk(pop(list, end));
  elementsRemoved(client, key, list, end);
  client.node.replaceEffect([end === 'left' ? 'LPOP' : 'RPOP', key]);
}

function bpop(client: Client, args: string[], end: End): void {
  blockingPop(client, args.slice(1, -1), end, args[args.length - 1]!, -1);
}

function blmpop(client: Client, args: string[]): void {
  const parsed = parseMpop(client, args, 2);
  if (parsed === null) return;
  blockingPop(client, parsed.keys, parsed.end, args[1]!, parsed.count);
}

/**
 * blmoveGenericCommand: BLMOVE/BRPOPLPUSH. With a source list this is LMOVE (logged as LMOVE/RPOPLPUSH);
 * without one it blocks on the source (a null bulk at once inside MULTI, but a null array on timeout: Redis's
 * replyToBlockedClientTimedOut answers every list block that way). Served later, a destination of the wrong
 * type answers WRONGTYPE and pops nothing, as Redis's serveClientBlockedOnList.
 */
function blmoveGeneric(
  client: Client,
  args: string[],
  from: End,
  to: End,
  timeoutText: string,
  name: MoveEffect,
): void {
  const deadline = parseTimeout(client, timeoutText);
  if (deadline === null) return;
  const source = listOf(client, args[1]!, true);
  if (source === REPLIED) return;
  if (source !== undefined) return lmoveGeneric(client, args, from, to, name);
  if (!canBlock(client)) return client.reply.nullBulk();
  const destKey = args[2]!;
  const effect = name === 'LMOVE' ? ['LMOVE', args[1]!, destKey, args[3]!, args[4]!] : ['RPOPLPUSH', args[1]!, destKey];
  client.node.blocking.block(client, {
    keys: [args[1]!],
    alsoWrites: [destKey],
    type: 'list',
    deadline,
    serve: (receiver, key, value) => {
      const dest = listOf(receiver, destKey, true);
      if (dest === REPLIED) return;
      moveElement(receiver, key, value as ListValue, destKey, dest, from, to);
      receiver.node.replaceEffect(effect);
    },
  });
}

function blmove(client: Client, args: string[]): void {
  const from = parseEnd(client, args[3]!);
  if (from === null) return;
  const to = parseEnd(client, args[4]!);
  if (to === null) return;
  blmoveGeneric(client, args, from, to, args[5]!, 'LMOVE');
}

// --- specs ------------------------------------------------------------------------------------------------

const list = { group: 'list', categories: ['@list'], ...FIRST_KEY } as const satisfies Partial<CommandSpec>;
const TWO_KEYS = { firstKey: 1, lastKey: 2, step: 1 } as const;
const PUSH_COMPLEXITY =
  'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';

export const listCommands: CommandFamily = [
  {
    ...list,
    name: 'lpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Prepend one or multiple elements to a list',
    since: '1.0.0',
    complexity: PUSH_COMPLEXITY,
    handler: (c, a) => pushCommand(c, a, 'left', false),
  },
  {
    ...list,
    name: 'rpush',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Append one or multiple elements to a list',
    since: '1.0.0',
    complexity: PUSH_COMPLEXITY,
    handler: (c, a) => pushCommand(c, a, 'right', false),
  },
  {
    ...list,
    name: 'lpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Prepend an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: PUSH_COMPLEXITY,
    handler: (c, a) => pushCommand(c, a, 'left', true),
  },
  {
    ...list,
    name: 'rpushx',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    summary: 'Append an element to a list, only if the list exists',
    since: '2.2.0',
    complexity: PUSH_COMPLEXITY,
    handler: (c, a) => pushCommand(c, a, 'right', true),
  },
  {
    ...list,
    name: 'lpop',
    arity: -2,
    flags: ['write', 'fast'],
    summary: 'Remove and get the first elements in a list',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned',
    handler: (c, a) => popCommand(c, a, 'left'),
  },
  {
    ...list,
    name: 'rpop',
    arity: -2,
    flags: ['write', 'fast'],
    summary: 'Remove and get the last elements in a list',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned',
    handler: (c, a) => popCommand(c, a, 'right'),
  },
  {
    ...list,
    name: 'llen',
    arity: 2,
    flags: ['readonly', 'fast'],
    summary: 'Get the length of a list',
    since: '1.0.0',
    complexity: 'O(1)',
    handler: llen,
  },
  {
    ...list,
    name: 'lindex',
    arity: 3,
    flags: ['readonly'],
    summary: 'Get an element from a list by its index',
    since: '1.0.0',
    complexity:
      'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    handler: lindex,
  },
  {
    ...list,
    name: 'linsert',
    arity: 5,
    flags: ['write', 'denyoom'],
    summary: 'Insert an element before or after another element in a list',
    since: '2.2.0',
    complexity:
      'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    handler: linsert,
  },
  {
    ...list,
    name: 'lrange',
    arity: 4,
    flags: ['readonly'],
    summary: 'Get a range of elements from a list',
    since: '1.0.0',
    complexity:
      'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    handler: lrange,
  },
  {
    ...list,
    name: 'lrem',
    arity: 4,
    flags: ['write'],
    summary: 'Remove elements from a list',
    since: '1.0.0',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    handler: lrem,
  },
  {
    ...list,
    name: 'lset',
    arity: 4,
    flags: ['write', 'denyoom'],
    summary: 'Set the value of an element in a list by its index',
    since: '1.0.0',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    handler: lset,
  },
  {
    ...list,
    name: 'ltrim',
    arity: 4,
    flags: ['write'],
    summary: 'Trim a list to the specified range',
    since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    handler: ltrim,
  },
  {
    ...list,
    name: 'lpos',
    arity: -3,
    flags: ['readonly'],
    summary: 'Return the index of matching elements on a list',
    since: '6.0.6',
    complexity:
      'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    handler: lpos,
  },
  {
    ...list,
    ...TWO_KEYS,
    name: 'lmove',
    arity: 5,
    flags: ['write', 'denyoom'],
    summary: 'Pop an element from a list, push it to another list and return it',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: lmove,
  },
  {
    ...list,
    ...TWO_KEYS,
    name: 'rpoplpush',
    arity: 3,
    flags: ['write', 'denyoom'],
    summary: 'Remove the last element in a list, prepend it to another list and return it',
    since: '1.2.0',
    complexity: 'O(1)',
    handler: (c, a) => lmoveGeneric(c, a, 'right', 'left', null),
  },
  {
    ...list,
    ...NO_KEYS,
    name: 'lmpop',
    arity: -4,
    flags: ['write'],
    summary: 'Pop elements from a list',
    since: '7.0.0',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    handler: lmpop,
  },
  {
    ...list,
    lastKey: -2,
    name: 'blpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    summary: 'Remove and get the first element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    handler: (c, a) => bpop(c, a, 'left'),
  },
  {
    ...list,
    lastKey: -2,
    name: 'brpop',
    arity: -3,
    flags: ['write', 'noscript', 'blocking'],
    summary: 'Remove and get the last element in a list, or block until one is available',
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    handler: (c, a) => bpop(c, a, 'right'),
  },
  {
    ...list,
    ...TWO_KEYS,
    name: 'blmove',
    arity: 6,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '6.2.0',
    complexity: 'O(1)',
    handler: blmove,
  },
  {
    ...list,
    ...TWO_KEYS,
    name: 'brpoplpush',
    arity: 4,
    flags: ['write', 'denyoom', 'noscript', 'blocking'],
    summary: 'Pop an element from a list, push it to another list and return it; or block until one is available',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: (c, a) => blmoveGeneric(c, a, 'right', 'left', a[3]!, 'RPOPLPUSH'),
  },
  {
    ...list,
    ...NO_KEYS,
    name: 'blmpop',
    arity: -5,
    flags: ['write', 'blocking'],
    summary: 'Pop elements from a list, or block until one is available',
    since: '7.0.0',
    complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.',
    handler: blmpop,
  },
];
