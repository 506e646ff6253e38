import { formatDouble } from '@understudy/resp';
import { globMatch } from '@understudy/resp';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX, WRONGTYPE } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import { canBlock, parseTimeout } from '../server/blocking.js';
import type { Client } from '../server/client.js';
import { setMembers, SetValue } from '../store/types/set.js';
import { ZSetValue, type ZSetLimits, type ZSetVisitor } from '../store/types/zset.js';
import type { TypedValue } from '../store/values.js';
import { LLONG_MIN, parseInt64, parseInteger } from '../util/numbers.js';
import { isCSpace, strtod } from '../util/strtod.js';
import { readKey, readTyped, REPLIED } from './lookup.js';
import { parseCursorArg, parseScanOptions, replyScan } from './scan.js';
import { FIRST_KEY, NO_KEYS, type CommandFamily, type CommandSpec } from './types.js';

/** Sorted set commands (t_zset.c), over store/types/zset.ts. */

// --- errors and number parsing ----------------------------------------------------------------------------

const NOT_FLOAT_RANGE = 'ERR min or max is not a float';
const NOT_LEX_RANGE = 'ERR min or max not valid string range item';
const NAN_SCORE = 'ERR resulting score is not a number (NaN)';
const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';

/**
 * getDoubleFromObject: the whole text must be a C double, no leading space, no overflow or underflow to
 * zero, not NaN. Null when it is not.
 */
export function parseScore(text: string): number | null {
  const parsed = strtod(text);
  // getDoubleFromObject refuses ERANGE only for an overflow or an underflow to zero (subnormals pass).
  if (parsed === null || Number.isNaN(parsed.value)) return null;
  if (parsed.erange && (!Number.isFinite(parsed.value) || parsed.value === 0)) return null;
  return parsed.value;
}

/**
 * One bound of zslParseRange: strtod skips leading spaces, the empty text reads as 0, overflow is allowed
 * (it gives an infinity), NaN is not. Null when invalid.
 */
function parseRangeFloat(text: string): number | null {
  if (text.length === 0) return 0;
  let i = 0;
  while (i < text.length && isCSpace(text.charCodeAt(i))) i++;
  const parsed = strtod(text.slice(i));
  if (parsed === null || Number.isNaN(parsed.value)) return null;
  return parsed.value;
}

interface ScoreRange {
  min: number;
  max: number;
  minExclusive: boolean;
  maxExclusive: boolean;
}

/** zslParseRange: "(" makes a bound exclusive. Null when either bound is not a float. */
function parseScoreRange(minText: string, maxText: string): ScoreRange | null {
  const minExclusive = minText.charCodeAt(0) === 40; /* ( */
  const maxExclusive = maxText.charCodeAt(0) === 40;
  const min = parseRangeFloat(minExclusive ? minText.slice(1) : minText);
  const max = parseRangeFloat(maxExclusive ? maxText.slice(1) : maxText);
  if (min === null || max === null) return null;
  return { min, max, minExclusive, maxExclusive };
}

/** A lex bound: "-" (before everything), "+" (after everything), or a member, inclusive "[" or exclusive "(". */
interface LexBound {
  kind: 'min' | 'max' | 'member';
  member: string;
  exclusive: boolean;
}

function parseLexBound(text: string): LexBound | null {
  switch (text.charCodeAt(0)) {
    case 43 /* + */:
      return text.length === 1 ? { kind: 'max', member: '', exclusive: true } : null;
    case 45 /* - */:
      return text.length === 1 ? { kind: 'min', member: '', exclusive: true } : null;
    case 40 /* ( */:
      return { kind: 'member', member: text.slice(1), exclusive: true };
    case 91 /* [ */:
      return { kind: 'member', member: text.slice(1), exclusive: false };
    default:
      return null;
  }
}

interface LexRange {
  min: LexBound;
  max: LexBound;
}

function parseLexRange(minText: string, maxText: string): LexRange | null {
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  return min === null || max === null ? null : { min, max };
}

/** getLongFromObjectOrReply: an int64 as a number, or null after replying NOT_INTEGER. */
function parseLong(client: Client, text: string): number | null {
  const value = parseInteger(text);
  if (value === null) client.error(NOT_INTEGER);
  return value;
}

/**
 * getRangeLongFromObjectOrReply with a message and LONG_MAX as the maximum: an integer >= min, or null after
 * replying `error` (the same text whether the argument is not a number or out of range).
 */
function parseLongIn(client: Client, text: string, min: number, error: string): number | null {
  const value = parseInteger(text);
  if (value === null || value < min) {
    client.error(error);
    return null;
  }
  return value;
}

// --- ranges as rank windows ----------------------------------------------------------------------------

/** Ascending ranks [from, to] (inclusive; empty when from > to). */
interface Window {
  from: number;
  to: number;
}

function scoreWindow(zset: ZSetValue, range: ScoreRange): Window {
  const from = zset.countScoresBelow(range.min, range.minExclusive);
  const to = zset.countScoresBelow(range.max, !range.maxExclusive) - 1;
  return { from, to };
}

/** How many members sort before a lex bound used as a minimum (first index inside it). */
function lexLow(zset: ZSetValue, bound: LexBound): number {
  if (bound.kind === 'min') return 0;
  if (bound.kind === 'max') return zset.size;
  return zset.countMembersBelow(bound.member, bound.exclusive);
}

/** How many members are at or below a lex bound used as a maximum (one past the last index inside it). */
function lexHigh(zset: ZSetValue, bound: LexBound): number {
  if (bound.kind === 'min') return 0;
  if (bound.kind === 'max') return zset.size;
  return zset.countMembersBelow(bound.member, !bound.exclusive);
}

function lexWindow(zset: ZSetValue, range: LexRange): Window {
  return { from: lexLow(zset, range.min), to: lexHigh(zset, range.max) - 1 };
}

/**
 * Start/end indexes as ZRANGE and ZREMRANGEBYRANK sanitize them (negative from the end, clamped), as
 * positions in iteration order; null when the range is empty.
 */
function rankWindow(size: number, start: number, end: number): Window | null {
  if (start < 0) start += size;
  if (end < 0) end += size;
  if (start < 0) start = 0;
  if (start > end || start >= size) return null;
  if (end >= size) end = size - 1;
  return { from: start, to: end };
}

/**
 * LIMIT offset count over a window walked forward or backward: a negative offset empties it, a negative count
 * means all the rest (Redis's loops over offset-- and limit--).
 */
function limitWindow(window: Window, reverse: boolean, offset: number, limit: number): Window {
  if (offset < 0) return { from: 0, to: -1 };
  if (!reverse) {
    const from = window.from + offset;
    return { from, to: limit < 0 ? window.to : Math.min(window.to, from + limit - 1) };
  }
  const to = window.to - offset;
  return { from: limit < 0 ? window.from : Math.max(window.from, to - limit + 1), to };
}

// --- replies --------------------------------------------------------------------------------------------

/** The array header of `count` members, with scores: flat in RESP2, [member, score] pairs in RESP3. */
function replyPairsHeader(client: Client, count: number, withScores: boolean): void {
  client.reply.arrayHeader(withScores && client.protocol === 2 ? count * 2 : count);
}

function replyPair(client: Client, member: string, score: number, withScores: boolean): void {
  const reply = client.reply;
  if (withScores && client.protocol === 3) reply.arrayHeader(2);
  reply.bulk(member);
  if (withScores) reply.double(score);
}

function replyWindow(client: Client, zset: ZSetValue, window: Window, reverse: boolean, withScores: boolean): void {
  replyPairsHeader(client, Math.max(0, window.to - window.from + 1), withScores);
  zset.range(window.from, window.to, reverse, (member, score) => replyPair(client, member, score, withScores));
}

// --- shared write helpers ---------------------------------------------------------------------------------

function limitsOf(client: Client): ZSetLimits {
  const config = client.node.config;
  return { maxEntries: config.getNumber('zset-max-listpack-entries'), maxValue: config.getNumber('zset-max-listpack-value') };
}

/**
 * After members were removed from `zset` at `key`: deletes the emptied key, else announces the in-place change;
 * publishes `event` and then "del" when the key went (Redis's order).
 */
function afterRemoval(client: Client, key: string, zset: ZSetValue, event: string): void {
  const db = client.db;
  const emptied = zset.size === 0;
  if (emptied) db.delete(key);
  else db.touch(key);
  client.node.notify(NOTIFY.zset, event, key, db.index);
  if (emptied) client.node.notify(NOTIFY.generic, 'del', key, db.index);
}

/**
 * Stores a store command's result at `dst` (replacing anything, TTL included) with `event`, or deletes `dst`
 * when the result is empty (a "del" event if it existed), and replies the result's size.
 */
function storeResult(client: Client, dst: string, result: ZSetValue, event: string): void {
  const db = client.db;
  if (result.size > 0) {
    db.set(dst, result);
    client.reply.integer(result.size);
    client.node.notify(NOTIFY.zset, event, dst, db.index);
    return;
  }
  client.reply.integer(0);
  if (db.delete(dst)) client.node.notify(NOTIFY.generic, 'del', dst, db.index);
}

// --- ZADD, ZINCRBY, ZREM ----------------------------------------------------------------------------------

const ADD_NX = 1;
const ADD_XX = 2;
const ADD_GT = 4;
const ADD_LT = 8;
const ADD_INCR = 16;
const ADD_CH = 32;

function addFlag(option: string): number {
  switch (option.toLowerCase()) {
    case 'nx':
      return ADD_NX;
    case 'xx':
      return ADD_XX;
    case 'gt':
      return ADD_GT;
    case 'lt':
      return ADD_LT;
    case 'incr':
      return ADD_INCR;
    case 'ch':
      return ADD_CH;
    default:
      return 0;
  }
}

/** The options of ZADD from argument 2 on: the flags and where the score/member pairs start, or null. */
function parseAddOptions(client: Client, args: string[], flags: number): { flags: number; first: number } | null {
  let first = 2;
  for (let flag; first < args.length && (flag = addFlag(args[first]!)) !== 0; first++) flags |= flag;
  const elements = args.length - first;
  if (elements === 0 || elements % 2 !== 0) return replyNull(client, SYNTAX);
  if ((flags & ADD_NX) !== 0 && (flags & ADD_XX) !== 0) {
    return replyNull(client, 'ERR XX and NX options at the same time are not compatible');
  }
  const gt = (flags & ADD_GT) !== 0;
  const lt = (flags & ADD_LT) !== 0;
  if ((gt && (flags & ADD_NX) !== 0) || (lt && (flags & ADD_NX) !== 0) || (gt && lt)) {
    return replyNull(client, 'ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if ((flags & ADD_INCR) !== 0 && elements > 2) {
    return replyNull(client, 'ERR INCR option supports a single increment-element pair');
  }
  return { flags, first };
}

function replyNull(client: Client, error: string): null {
  client.error(error);
  return null;
}

/** zsetAdd's outcome for one member. */
const NOP = 0;
const ADDED = 1;
const UPDATED = 2;
const SAME = 3;
const NAN_RESULT = 4;

/**
 * zsetAdd: applies one score/member under the flags; `out[0]` receives the resulting score (as computed: the
 * reply shows -0 even where a listpack stores 0).
 */
function addOne(zset: ZSetValue, member: string, score: number, flags: number, limits: ZSetLimits, out: number[]): number {
  const current = zset.score(member);
  if (current === undefined) {
    if ((flags & ADD_XX) !== 0) return NOP;
    zset.convertIfNeeded(limits, member.length, 1);
    zset.set(member, score);
    out[0] = score;
    return ADDED;
  }
  if ((flags & ADD_NX) !== 0) return NOP;
  if ((flags & ADD_INCR) !== 0) {
    score += current;
    if (Number.isNaN(score)) return NAN_RESULT;
  }
  if (((flags & ADD_LT) !== 0 && score >= current) || ((flags & ADD_GT) !== 0 && score <= current)) return NOP;
  out[0] = score;
  if (score === current) return SAME;
  zset.set(member, score);
  return UPDATED;
}

/**
 * zaddGenericCommand (ZADD and ZINCRBY): every score is parsed before anything changes; a missing key is
 * created unless XX; the encoding grows past the listpack thresholds as members arrive.
 */
function zaddGeneric(client: Client, args: string[], baseFlags: number): void {
  const options = parseAddOptions(client, args, baseFlags);
  if (options === null) return;
  const { flags, first } = options;
  const scores: number[] = [];
  for (let j = first; j < args.length; j += 2) {
    const score = parseScore(args[j]!);
    if (score === null) return void client.error(NOT_FLOAT);
    scores.push(score);
  }
  const key = args[1]!;
  const found = readTyped<ZSetValue>(client, key, 'zset', true);
  if (found === REPLIED) return;
  const incr = (flags & ADD_INCR) !== 0;
  if (found === undefined && (flags & ADD_XX) !== 0) {
    if (incr) client.reply.nullBulk();
    else client.reply.integer(0);
    return;
  }
  const zset = found ?? new ZSetValue();
  const limits = limitsOf(client);
  let added = 0;
  let updated = 0;
  let processed = 0;
  const out = [0];
  for (let i = 0; i < scores.length; i++) {
    const member = args[first + 1 + 2 * i]!;
    const outcome = addOne(zset, member, scores[i]!, flags, limits, out);
    if (outcome === NAN_RESULT) return void client.error(NAN_SCORE);
    if (outcome === ADDED) added++;
    else if (outcome === UPDATED) updated++;
    if (outcome !== NOP) processed++;
  }
  if (added + updated > 0) {
    const db = client.db;
    if (found === undefined) db.set(key, zset);
    else db.touch(key);
    client.node.notify(NOTIFY.zset, incr ? 'zincr' : 'zadd', key, db.index);
  }
  if (!incr) client.reply.integer((flags & ADD_CH) !== 0 ? added + updated : added);
  else if (processed > 0) client.reply.double(out[0]!);
  else client.reply.nullBulk();
}

function zadd(client: Client, args: string[]): void {
  zaddGeneric(client, args, 0);
}

function zincrby(client: Client, args: string[]): void {
  zaddGeneric(client, args, ADD_INCR);
}

function zrem(client: Client, args: string[]): void {
  const key = args[1]!;
  const zset = readTyped<ZSetValue>(client, key, 'zset', true);
  if (zset === REPLIED) return;
  if (zset === undefined) return client.reply.integer(0);
  let deleted = 0;
  for (let j = 2; j < args.length && zset.size > 0; j++) if (zset.remove(args[j]!)) deleted++;
  if (deleted > 0) afterRemoval(client, key, zset, 'zrem');
  client.reply.integer(deleted);
}

// --- reads: ZCARD, ZSCORE, ZMSCORE, ZRANK, ZCOUNT, ZLEXCOUNT -----------------------------------------

function zcard(client: Client, args: string[]): void {
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  client.reply.integer(zset === undefined ? 0 : zset.size);
}

function zscore(client: Client, args: string[]): void {
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  const score = zset?.score(args[2]!);
  if (score === undefined) client.reply.nullBulk();
  else client.reply.double(score);
}

function zmscore(client: Client, args: string[]): void {
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  client.reply.arrayHeader(args.length - 2);
  for (let j = 2; j < args.length; j++) {
    const score = zset?.score(args[j]!);
    if (score === undefined) client.reply.nullBulk();
    else client.reply.double(score);
  }
}

function zrankGeneric(client: Client, args: string[], reverse: boolean): void {
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  const rank = zset === undefined ? -1 : zset.rank(args[2]!);
  if (rank < 0) client.reply.nullBulk();
  else client.reply.integer(reverse ? zset!.size - 1 - rank : rank);
}

function zcount(client: Client, args: string[]): void {
  const range = parseScoreRange(args[2]!, args[3]!);
  if (range === null) return void client.error(NOT_FLOAT_RANGE);
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  if (zset === undefined) return client.reply.integer(0);
  const window = scoreWindow(zset, range);
  client.reply.integer(Math.max(0, window.to - window.from + 1));
}

function zlexcount(client: Client, args: string[]): void {
  const range = parseLexRange(args[2]!, args[3]!);
  if (range === null) return void client.error(NOT_LEX_RANGE);
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  if (zset === undefined) return client.reply.integer(0);
  const window = lexWindow(zset, range);
  client.reply.integer(Math.max(0, window.to - window.from + 1));
}

// --- ZRANGE and friends -----------------------------------------------------------------------------------

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

interface RangeRequest {
  type: 'rank' | 'score' | 'lex';
  reverse: boolean;
  withScores: boolean;
  offset: number;
  limit: number;
  start: number;
  end: number;
  scores: ScoreRange | null;
  lex: LexRange | null;
}

/**
 * zrangeGenericCommand's parsing: options after <key> <min> <max> (WITHSCORES unless storing, LIMIT, REV and
 * BYSCORE/BYLEX where the command leaves them open), their conflicts, then the range itself. Null after
 * replying an error.
 */
function parseRangeRequest(client: Client, args: string[], keyAt: number, store: boolean, type: RangeType, direction: Direction): RangeRequest | null {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = keyAt + 3; j < args.length; j++) {
    const option = args[j]!.toLowerCase();
    const left = args.length - j - 1;
    if (!store && option === 'withscores') withScores = true;
    else if (option === 'limit' && left >= 2) {
      const o = parseLong(client, args[j + 1]!);
      if (o === null) return null;
      const l = parseLong(client, args[j + 2]!);
      if (l === null) return null;
      offset = o;
      limit = l;
      j += 2;
    } else if (direction === 'auto' && option === 'rev') direction = 'reverse';
    else if (type === 'auto' && option === 'bylex') type = 'lex';
    else if (type === 'auto' && option === 'byscore') type = 'score';
    else return replyNull(client, SYNTAX);
  }
  const kind = type === 'auto' ? 'rank' : type;
  const reverse = direction === 'reverse';
  if (limit !== -1 && kind === 'rank') {
    return replyNull(client, 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && kind === 'lex') return replyNull(client, 'ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  // By score or lex, a reverse range is given as max, min.
  const swap = reverse && kind !== 'rank';
  const minText = args[swap ? keyAt + 2 : keyAt + 1]!;
  const maxText = args[swap ? keyAt + 1 : keyAt + 2]!;
  const request: RangeRequest = { type: kind, reverse, withScores, offset, limit, start: 0, end: 0, scores: null, lex: null };
  if (kind === 'rank') {
    const start = parseLong(client, minText);
    if (start === null) return null;
    const end = parseLong(client, maxText);
    if (end === null) return null;
    request.start = start;
    request.end = end;
  } else if (kind === 'score') {
    request.scores = parseScoreRange(minText, maxText);
    if (request.scores === null) return replyNull(client, NOT_FLOAT_RANGE);
  } else {
    request.lex = parseLexRange(minText, maxText);
    if (request.lex === null) return replyNull(client, NOT_LEX_RANGE);
  }
  return request;
}

/** The ascending rank window a parsed request selects in `zset` (LIMIT applied). */
function requestWindow(zset: ZSetValue, request: RangeRequest): Window {
  if (request.type === 'rank') {
    const positions = rankWindow(zset.size, request.start, request.end);
    if (positions === null) return { from: 0, to: -1 };
    if (!request.reverse) return positions;
    return { from: zset.size - 1 - positions.to, to: zset.size - 1 - positions.from };
  }
  const window = request.type === 'score' ? scoreWindow(zset, request.scores!) : lexWindow(zset, request.lex!);
  if (window.from > window.to) return window;
  return limitWindow(window, request.reverse, request.offset, request.limit);
}

function rangeCommand(client: Client, args: string[], type: RangeType, direction: Direction): void {
  const request = parseRangeRequest(client, args, 1, false, type, direction);
  if (request === null) return;
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  if (zset === undefined) return client.reply.arrayHeader(0);
  replyWindow(client, zset, requestWindow(zset, request), request.reverse, request.withScores);
}

function zrangestore(client: Client, args: string[]): void {
  const request = parseRangeRequest(client, args, 2, true, 'auto', 'auto');
  if (request === null) return;
  const zset = readTyped<ZSetValue>(client, args[2]!, 'zset');
  if (zset === REPLIED) return;
  const limits = limitsOf(client);
  const picked = new Map<string, number>();
  if (zset !== undefined) {
    const window = requestWindow(zset, request);
    // Redis fills the destination member by member: a listpack (unless a rank range is known to be too long)
    // until a member does not fit, so the -0 scores stored before that point became 0 (see ZSetValue.set).
    let listpack = request.type !== 'rank' || window.to - window.from + 1 <= limits.maxEntries;
    zset.range(window.from, window.to, request.reverse, (member, score) => {
      if (listpack && (picked.size + 1 > limits.maxEntries || member.length > limits.maxValue)) listpack = false;
      picked.set(member, listpack && score === 0 ? 0 : score);
    });
  }
  storeResult(client, args[1]!, ZSetValue.fromMap(picked, limits), 'zrangestore');
}

// --- ZREMRANGEBY* -------------------------------------------------------------------------------------------

/** zremrangeGenericCommand: the range is parsed before the key is looked up. */
function zremrangeGeneric(client: Client, args: string[], type: 'rank' | 'score' | 'lex'): void {
  let start = 0;
  let end = 0;
  let scores: ScoreRange | null = null;
  let lex: LexRange | null = null;
  if (type === 'rank') {
    const s = parseLong(client, args[2]!);
    if (s === null) return;
    const e = parseLong(client, args[3]!);
    if (e === null) return;
    start = s;
    end = e;
  } else if (type === 'score') {
    scores = parseScoreRange(args[2]!, args[3]!);
    if (scores === null) return void client.error(NOT_FLOAT_RANGE);
  } else {
    lex = parseLexRange(args[2]!, args[3]!);
    if (lex === null) return void client.error(NOT_LEX_RANGE);
  }
  const key = args[1]!;
  const zset = readTyped<ZSetValue>(client, key, 'zset', true);
  if (zset === REPLIED) return;
  if (zset === undefined) return client.reply.integer(0);
  const window =
    type === 'rank' ? (rankWindow(zset.size, start, end) ?? { from: 0, to: -1 }) : type === 'score' ? scoreWindow(zset, scores!) : lexWindow(zset, lex!);
  const doomed: string[] = [];
  zset.range(window.from, window.to, false, (member) => void doomed.push(member));
  for (const member of doomed) zset.remove(member);
  if (doomed.length > 0) afterRemoval(client, key, zset, `zremrangeby${type}`);
  client.reply.integer(doomed.length);
}

// --- pops -----------------------------------------------------------------------------------------------

/** How a pop reply is shaped (genericZpopCommand's emitkey / use_nested_array). */
type PopShape = 'flat' | 'nested' | 'keyed' | 'keyed-nested';

/**
 * Pops up to `count` members (-1: one, the plain form) from the min or max end of `zset` and replies in
 * `shape`. Announces zpopmin/zpopmax and "del" when emptied. Returns how many were asked and could be popped:
 * min(count, size), the count of the ZPOPMIN/ZPOPMAX effect.
 */
function popFrom(client: Client, key: string, zset: ZSetValue, max: boolean, count: number, shape: PopShape): number {
  const reply = client.reply;
  const n = Math.min(count === -1 ? 1 : count, zset.size);
  const nested = shape === 'nested' || shape === 'keyed-nested';
  if (shape === 'flat') reply.arrayHeader(n * 2);
  else if (shape === 'nested') reply.arrayHeader(n);
  else if (shape === 'keyed') {
    reply.arrayHeader(n * 2 + 1);
    reply.bulk(key);
  } else {
    reply.arrayHeader(2);
    reply.bulk(key);
    reply.arrayHeader(n);
  }
  for (let i = 0; i < n; i++) {
    const member = zset.memberAt(max ? zset.size - 1 : 0);
    const score = zset.score(member)!;
    zset.remove(member);
    if (nested) reply.arrayHeader(2);
    reply.bulk(member);
    reply.double(score);
  }
  afterRemoval(client, key, zset, max ? 'zpopmax' : 'zpopmin');
  return n;
}

/**
 * genericZpopCommand's key choice: the first of `keys` that exists (a WRONGTYPE on the way stops everything).
 * Returns the key and its set, undefined when none exists, or REPLIED.
 */
function firstZSet(client: Client, keys: readonly string[]): { key: string; zset: ZSetValue } | undefined | null {
  for (const key of keys) {
    const zset = readTyped<ZSetValue>(client, key, 'zset', true);
    if (zset === REPLIED) return REPLIED;
    if (zset !== undefined) return { key, zset };
  }
  return undefined;
}

function popEffect(max: boolean, key: string, count: number | null): string[] {
  const name = max ? 'ZPOPMAX' : 'ZPOPMIN';
  return count === null ? [name, key] : [name, key, String(count)];
}

/** ZPOPMIN/ZPOPMAX key [count]: flat pairs, nested in RESP3 when a count is given. */
function zpopMinMax(client: Client, args: string[], max: boolean): void {
  if (args.length > 3) return void client.error(SYNTAX);
  let count = -1;
  if (args.length === 3) {
    const parsed = parseLongIn(client, args[2]!, 0, MUST_BE_POSITIVE);
    if (parsed === null) return;
    count = parsed;
  }
  const found = firstZSet(client, [args[1]!]);
  if (found === REPLIED) return;
  if (found === undefined || count === 0) return client.reply.arrayHeader(0);
  popFrom(client, found.key, found.zset, max, count, client.protocol === 3 && count !== -1 ? 'nested' : 'flat');
}

interface MpopRequest {
  keys: string[];
  max: boolean;
  count: number;
}

/** ZMPOP/BZMPOP arguments from the numkeys position: numkeys, keys, MIN|MAX, [COUNT n]. Null after an error. */
function parseMpop(client: Client, args: string[], numkeysAt: number): MpopRequest | null {
  const numkeys = parseLongIn(client, args[numkeysAt]!, 1, 'ERR numkeys should be greater than 0');
  if (numkeys === null) return null;
  const whereAt = numkeysAt + numkeys + 1;
  if (whereAt >= args.length) return replyNull(client, SYNTAX);
  const where = args[whereAt]!.toLowerCase();
  if (where !== 'min' && where !== 'max') return replyNull(client, SYNTAX);
  let count = -1;
  for (let j = whereAt + 1; j < args.length; j++) {
    if (count === -1 && args[j]!.toLowerCase() === 'count' && j < args.length - 1) {
      const parsed = parseLongIn(client, args[++j]!, 1, 'ERR count should be greater than 0');
      if (parsed === null) return null;
      count = parsed;
    } else {
      return replyNull(client, SYNTAX);
    }
  }
  return { keys: args.slice(numkeysAt + 1, whereAt), max: where === 'max', count: count === -1 ? 1 : count };
}

function zmpop(client: Client, args: string[]): void {
  const request = parseMpop(client, args, 1);
  if (request === null) return;
  const found = firstZSet(client, request.keys);
  if (found === REPLIED) return;
  if (found === undefined) return client.reply.nullArray();
  const popped = popFrom(client, found.key, found.zset, request.max, request.count, 'keyed-nested');
  client.node.replaceEffect(popEffect(request.max, found.key, popped));
}

/**
 * blockingGenericZpopCommand: pops at once from the first non-empty key, else blocks (or, where blocking is
 * not allowed, answers the null array of a timeout). Every pop is logged as the plain ZPOPMIN/ZPOPMAX that
 * happened: with the count for BZMPOP (`count` not -1), without for BZPOPMIN/BZPOPMAX.
 */
function blockingPop(client: Client, keys: string[], max: boolean, timeoutText: string, count: number, shape: PopShape): void {
  const deadline = parseTimeout(client, timeoutText);
  if (deadline === null) return;
  const found = firstZSet(client, keys);
  if (found === REPLIED) return;
  const pop = (target: Client, key: string, zset: ZSetValue): void => {
    const popped = popFrom(target, key, zset, max, count, shape);
    target.node.replaceEffect(popEffect(max, key, count === -1 ? null : popped));
  };
  if (found !== undefined) return pop(client, found.key, found.zset);
  if (!canBlock(client)) return client.reply.nullArray();
  client.node.blocking.block(client, {
    keys,
    type: 'zset',
    deadline,
    serve: (target: Client, key: string, value: TypedValue) => pop(target, key, value as ZSetValue),
  });
}

function bzpopMinMax(client: Client, args: string[], max: boolean): void {
  blockingPop(client, args.slice(1, -1), max, args[args.length - 1]!, -1, 'keyed');
}

function bzmpop(client: Client, args: string[]): void {
  const request = parseMpop(client, args, 2);
  if (request === null) return;
  blockingPop(client, request.keys, request.max, args[1]!, request.count, 'keyed-nested');
}

// --- ZRANDMEMBER ------------------------------------------------------------------------------------------

const LONG_MAX_HALF = 4611686018427387903n;

function randomRank(size: number): number {
  return Math.floor(Math.random() * size);
}

/**
 * `count` distinct random ranks in random order: a partial Fisher-Yates shuffle when they are a good part of
 * the set (Redis's "remove random elements" case), rejection sampling when the set is much bigger.
 */
function distinctRanks(size: number, count: number): number[] {
  if (count * 3 > size) {
    const ranks = Array.from({ length: size }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + randomRank(size - i);
      const t = ranks[i]!;
      ranks[i] = ranks[j]!;
      ranks[j] = t;
    }
    ranks.length = count;
    return ranks;
  }
  const picked = new Set<number>();
  while (picked.size < count) picked.add(randomRank(size));
  return [...picked];
}

function zrandmemberWithCount(client: Client, args: string[]): void {
  const parsed = parseInt64(args[2]!);
  if (parsed === null) return void client.error(NOT_INTEGER);
  if (parsed === LLONG_MIN) return void client.error('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  if (args.length > 4 || (args.length === 4 && args[3]!.toLowerCase() !== 'withscores')) return void client.error(SYNTAX);
  const withScores = args.length === 4;
  if (withScores && (parsed < -LONG_MAX_HALF || parsed > LONG_MAX_HALF)) return void client.error('ERR value is out of range');
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  if (zset === undefined || parsed === 0n) return client.reply.arrayHeader(0);
  const size = zset.size;
  const emit = (rank: number): void => {
    const member = zset.memberAt(rank);
    replyPair(client, member, zset.score(member)!, withScores);
  };
  if (parsed < 0n || parsed === 1n) {
    // With repetitions: |count| independent draws.
    const count = Number(parsed < 0n ? -parsed : parsed);
    replyPairsHeader(client, count, withScores);
    for (let i = 0; i < count; i++) emit(randomRank(size));
    return;
  }
  const count = Number(parsed);
  if (count >= size) {
    replyWindow(client, zset, { from: 0, to: size - 1 }, false, withScores);
    return;
  }
  replyPairsHeader(client, count, withScores);
  for (const rank of distinctRanks(size, count)) emit(rank);
}

function zrandmember(client: Client, args: string[]): void {
  if (args.length >= 3) return zrandmemberWithCount(client, args);
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  if (zset === undefined) client.reply.nullBulk();
  else client.reply.bulk(zset.memberAt(randomRank(zset.size)));
}

// --- ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD ---------------------------------------------

type SetOp = 'union' | 'inter' | 'diff';

/** One input of a set operation: a sorted set, a plain set (every member scores 1) or nothing. */
interface OpInput {
  value: ZSetValue | SetValue | null;
  weight: number;
}

function inputSize(input: OpInput): number {
  return input.value === null ? 0 : input.value.size;
}

function inputScore(input: OpInput, member: string): number | undefined {
  const value = input.value;
  if (value === null) return undefined;
  if (value instanceof SetValue) return value.has(member) ? 1 : undefined;
  return value.score(member);
}

/** Visits an input's members with their scores until `visit` returns false. */
function forEachInput(input: OpInput, visit: ZSetVisitor): void {
  const value = input.value;
  if (value === null) return;
  if (value instanceof SetValue) {
    for (const member of setMembers(value)) if (visit(member, 1) === false) return;
  } else {
    value.range(0, value.size - 1, false, visit);
  }
}

type Aggregate = 'sum' | 'min' | 'max';

/** zunionInterAggregate: SUM turns inf + -inf (NaN) into 0. */
function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === 'sum') {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (how === 'min') return value < target ? value : target;
  return value > target ? value : target;
}

/** weight * score, where NaN (0 * inf) counts as 0. */
function weighted(score: number, weight: number): number {
  const value = score * weight;
  return Number.isNaN(value) ? 0 : value;
}

interface SetOpRequest {
  inputs: OpInput[];
  aggregate: Aggregate;
  withScores: boolean;
  /** ZINTERCARD's LIMIT: 0 for none. */
  limit: number;
}

/**
 * zunionInterDiffGenericCommand's parsing: numkeys, the keys (looked up for reading, in order: a key that is
 * neither a sorted set nor a set is a WRONGTYPE), then WEIGHTS / AGGREGATE (not for ZDIFF or ZINTERCARD),
 * WITHSCORES (not for the STORE forms), LIMIT (ZINTERCARD only).
 */
function parseSetOp(client: Client, args: string[], numkeysAt: number, op: SetOp, store: boolean, cardinality: boolean): SetOpRequest | null {
  const setnum = parseLong(client, args[numkeysAt]!);
  if (setnum === null) return null;
  if (setnum < 1) return replyNull(client, `ERR at least 1 input key is needed for '${args[0]!.toLowerCase()}' command`);
  if (setnum > args.length - (numkeysAt + 1)) return replyNull(client, SYNTAX);
  const inputs: OpInput[] = [];
  let j = numkeysAt + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const value = readKey(client, args[j]!);
    if (value !== undefined && !(value instanceof ZSetValue) && !(value instanceof SetValue)) return replyNull(client, WRONGTYPE);
    inputs.push({ value: value ?? null, weight: 1 });
  }
  const request: SetOpRequest = { inputs, aggregate: 'sum', withScores: false, limit: 0 };
  while (j < args.length) {
    const option = args[j]!.toLowerCase();
    const remaining = args.length - j;
    if (op !== 'diff' && !cardinality && remaining >= setnum + 1 && option === 'weights') {
      j++;
      for (const input of inputs) {
        const weight = parseScore(args[j++]!);
        if (weight === null) return replyNull(client, 'ERR weight value is not a float');
        input.weight = weight;
      }
    } else if (op !== 'diff' && !cardinality && remaining >= 2 && option === 'aggregate') {
      const how = args[j + 1]!.toLowerCase();
      if (how !== 'sum' && how !== 'min' && how !== 'max') return replyNull(client, SYNTAX);
      request.aggregate = how;
      j += 2;
    } else if (!store && !cardinality && option === 'withscores') {
      request.withScores = true;
      j++;
    } else if (cardinality && remaining >= 2 && option === 'limit') {
      const limit = parseLongIn(client, args[j + 1]!, 0, "ERR LIMIT can't be negative");
      if (limit === null) return null;
      request.limit = limit;
      j += 2;
    } else {
      return replyNull(client, SYNTAX);
    }
  }
  return request;
}

/** The members of the intersection with their aggregated scores, stopping after `limit` when it is not 0. */
function intersect(inputs: OpInput[], how: Aggregate, limit: number): Map<string, number> {
  const result = new Map<string, number>();
  const [smallest, ...rest] = inputs;
  if (inputSize(smallest!) === 0) return result;
  forEachInput(smallest!, (member, score) => {
    let total = weighted(score, smallest!.weight);
    for (const other of rest) {
      const found = other.value === smallest!.value ? score : inputScore(other, member);
      if (found === undefined) return true;
      // Unlike the first input's, these products are not cleaned of NaN: MIN and MAX then keep the total.
      total = aggregate(total, found * other.weight, how);
    }
    result.set(member, total);
    return limit === 0 || result.size < limit;
  });
  return result;
}

function unite(inputs: OpInput[], how: Aggregate): Map<string, number> {
  const result = new Map<string, number>();
  for (const input of inputs) {
    forEachInput(input, (member, score) => {
      const value = weighted(score, input.weight);
      const current = result.get(member);
      result.set(member, current === undefined ? value : aggregate(current, value, how));
    });
  }
  return result;
}

/** The members of the first input found in none of the others, with their own scores. */
function subtract(inputs: OpInput[]): Map<string, number> {
  const result = new Map<string, number>();
  const [first, ...rest] = inputs;
  if (rest.some((other) => other.value !== null && other.value === first!.value)) return result;
  forEachInput(first!, (member, score) => {
    for (const other of rest) if (inputScore(other, member) !== undefined) return;
    result.set(member, score);
  });
  return result;
}

function setOpCommand(client: Client, args: string[], op: SetOp, store: boolean): void {
  const numkeysAt = store ? 2 : 1;
  const request = parseSetOp(client, args, numkeysAt, op, store, false);
  if (request === null) return;
  // Smallest first, as Redis sorts the inputs by cardinality for UNION and INTER.
  const inputs = op === 'diff' ? request.inputs : [...request.inputs].sort((a, b) => inputSize(a) - inputSize(b));
  const scores = op === 'union' ? unite(inputs, request.aggregate) : op === 'inter' ? intersect(inputs, request.aggregate, 0) : subtract(inputs);
  if (store) return storeResult(client, args[1]!, ZSetValue.fromMap(scores, limitsOf(client)), `z${op}store`);
  const result = ZSetValue.fromMap(scores, null);
  replyWindow(client, result, { from: 0, to: result.size - 1 }, false, request.withScores);
}

function zintercard(client: Client, args: string[]): void {
  const request = parseSetOp(client, args, 1, 'inter', false, true);
  if (request === null) return;
  const inputs = [...request.inputs].sort((a, b) => inputSize(a) - inputSize(b));
  client.reply.integer(intersect(inputs, 'sum', request.limit).size);
}

// --- ZSCAN ------------------------------------------------------------------------------------------------

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]: a listpack-encoded set is returned whole with cursor 0, as
 * Redis does; a big one is walked through the node's cursor registry. Scores are strings (%.17g).
 */
function zscan(client: Client, args: string[]): void {
  const cursor = parseCursorArg(client, args[2]!);
  if (cursor === null) return;
  const zset = readTyped<ZSetValue>(client, args[1]!, 'zset');
  if (zset === REPLIED) return;
  if (zset === undefined) return replyScan(client, 0, []);
  const options = parseScanOptions(client, args, 3, false);
  if (options === null) return;
  let members: string[] = [];
  let next = 0;
  if (zset.encoding === 'listpack') zset.range(0, zset.size - 1, false, (member) => void members.push(member));
  else next = client.node.scanCursors.step(zset.scanSource, cursor, options.count, client.node.clock.now(), members);
  if (options.pattern !== null) members = members.filter((member) => globMatch(options.pattern!, member));
  const items: string[] = [];
  for (const member of members) {
    const score = zset.score(member);
    if (score === undefined) continue;
    items.push(member, formatDouble(score));
  }
  replyScan(client, next, items);
}

// --- the table --------------------------------------------------------------------------------------------

const zsetGroup = { group: 'sorted-set', categories: ['@sortedset'] } as const;
const keyed = { ...zsetGroup, ...FIRST_KEY } as const;
const movable = { ...zsetGroup, ...NO_KEYS } as const;
const RANGE_COMPLEXITY = 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.';
const BY_COMPLEXITY =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';
const REMRANGE_COMPLEXITY =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';
const INTER_COMPLEXITY =
  'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.';
const DIFF_COMPLEXITY =
  'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.';
const MPOP_COMPLEXITY =
  'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.';
const POP_COMPLEXITY = 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.';

const commands: CommandSpec[] = [
  { ...keyed, name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], since: '1.2.0', handler: zadd,
    summary: 'Add one or more members to a sorted set, or update its score if it already exists',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.' },
  { ...keyed, name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], since: '1.2.0', handler: zincrby,
    summary: 'Increment the score of a member in a sorted set', complexity: 'O(log(N)) where N is the number of elements in the sorted set.' },
  { ...keyed, name: 'zrem', arity: -3, flags: ['write', 'fast'], since: '1.2.0', handler: zrem,
    summary: 'Remove one or more members from a sorted set',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.' },
  { ...keyed, name: 'zcard', arity: 2, flags: ['readonly', 'fast'], since: '1.2.0', handler: zcard,
    summary: 'Get the number of members in a sorted set', complexity: 'O(1)' },
  { ...keyed, name: 'zscore', arity: 3, flags: ['readonly', 'fast'], since: '1.2.0', handler: zscore,
    summary: 'Get the score associated with the given member in a sorted set', complexity: 'O(1)' },
  { ...keyed, name: 'zmscore', arity: -3, flags: ['readonly', 'fast'], since: '6.2.0', handler: zmscore,
    summary: 'Get the score associated with the given members in a sorted set', complexity: 'O(N) where N is the number of members being requested.' },
  { ...keyed, name: 'zrank', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', handler: (c, a) => zrankGeneric(c, a, false),
    summary: 'Determine the index of a member in a sorted set', complexity: 'O(log(N))' },
  { ...keyed, name: 'zrevrank', arity: 3, flags: ['readonly', 'fast'], since: '2.0.0', handler: (c, a) => zrankGeneric(c, a, true),
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low', complexity: 'O(log(N))' },
  { ...keyed, name: 'zcount', arity: 4, flags: ['readonly', 'fast'], since: '2.0.0', handler: zcount,
    summary: 'Count the members in a sorted set with scores within the given values', complexity: 'O(log(N)) with N being the number of elements in the sorted set.' },
  { ...keyed, name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'], since: '2.8.9', handler: zlexcount,
    summary: 'Count the number of members in a sorted set between a given lexicographical range',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.' },
  { ...keyed, name: 'zrange', arity: -4, flags: ['readonly'], since: '1.2.0', handler: (c, a) => rangeCommand(c, a, 'auto', 'auto'),
    summary: 'Return a range of members in a sorted set', complexity: RANGE_COMPLEXITY },
  { ...zsetGroup, firstKey: 1, lastKey: 2, step: 1, name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], since: '6.2.0', handler: zrangestore,
    summary: 'Store a range of members from sorted set into another key',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.' },
  { ...keyed, name: 'zrevrange', arity: -4, flags: ['readonly'], since: '1.2.0', handler: (c, a) => rangeCommand(c, a, 'rank', 'reverse'),
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low', complexity: RANGE_COMPLEXITY },
  { ...keyed, name: 'zrangebyscore', arity: -4, flags: ['readonly'], since: '1.0.5', handler: (c, a) => rangeCommand(c, a, 'score', 'forward'),
    summary: 'Return a range of members in a sorted set, by score', complexity: BY_COMPLEXITY },
  { ...keyed, name: 'zrevrangebyscore', arity: -4, flags: ['readonly'], since: '2.2.0', handler: (c, a) => rangeCommand(c, a, 'score', 'reverse'),
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low', complexity: BY_COMPLEXITY },
  { ...keyed, name: 'zrangebylex', arity: -4, flags: ['readonly'], since: '2.8.9', handler: (c, a) => rangeCommand(c, a, 'lex', 'forward'),
    summary: 'Return a range of members in a sorted set, by lexicographical range', complexity: BY_COMPLEXITY },
  { ...keyed, name: 'zrevrangebylex', arity: -4, flags: ['readonly'], since: '2.8.9', handler: (c, a) => rangeCommand(c, a, 'lex', 'reverse'),
    summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.', complexity: BY_COMPLEXITY },
  { ...keyed, name: 'zremrangebyrank', arity: 4, flags: ['write'], since: '2.0.0', handler: (c, a) => zremrangeGeneric(c, a, 'rank'),
    summary: 'Remove all members in a sorted set within the given indexes', complexity: REMRANGE_COMPLEXITY },
  { ...keyed, name: 'zremrangebyscore', arity: 4, flags: ['write'], since: '1.2.0', handler: (c, a) => zremrangeGeneric(c, a, 'score'),
    summary: 'Remove all members in a sorted set within the given scores', complexity: REMRANGE_COMPLEXITY },
  { ...keyed, name: 'zremrangebylex', arity: 4, flags: ['write'], since: '2.8.9', handler: (c, a) => zremrangeGeneric(c, a, 'lex'),
    summary: 'Remove all members in a sorted set between the given lexicographical range', complexity: REMRANGE_COMPLEXITY },
  { ...keyed, name: 'zpopmin', arity: -2, flags: ['write', 'fast'], since: '5.0.0', handler: (c, a) => zpopMinMax(c, a, false),
    summary: 'Remove and return members with the lowest scores in a sorted set', complexity: POP_COMPLEXITY },
  { ...keyed, name: 'zpopmax', arity: -2, flags: ['write', 'fast'], since: '5.0.0', handler: (c, a) => zpopMinMax(c, a, true),
    summary: 'Remove and return members with the highest scores in a sorted set', complexity: POP_COMPLEXITY },
  { ...movable, name: 'zmpop', arity: -4, flags: ['write'], since: '7.0.0', handler: zmpop,
    summary: 'Remove and return members with scores in a sorted set', complexity: MPOP_COMPLEXITY },
  { ...zsetGroup, firstKey: 1, lastKey: -2, step: 1, name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'fast', 'blocking'], since: '5.0.0',
    handler: (c, a) => bzpopMinMax(c, a, false),
    summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.' },
  { ...zsetGroup, firstKey: 1, lastKey: -2, step: 1, name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'fast', 'blocking'], since: '5.0.0',
    handler: (c, a) => bzpopMinMax(c, a, true),
    summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.' },
  { ...movable, name: 'bzmpop', arity: -5, flags: ['write', 'blocking'], since: '7.0.0', handler: bzmpop,
    summary: 'Remove and return members with scores in a sorted set or block until one is available', complexity: MPOP_COMPLEXITY },
  { ...keyed, name: 'zrandmember', arity: -2, flags: ['readonly'], since: '6.2.0', handler: zrandmember,
    summary: 'Get one or multiple random elements from a sorted set', complexity: 'O(N) where N is the number of elements returned' },
  { ...movable, name: 'zunion', arity: -3, flags: ['readonly'], since: '6.2.0', handler: (c, a) => setOpCommand(c, a, 'union', false),
    summary: 'Add multiple sorted sets',
    complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.' },
  { ...keyed, name: 'zunionstore', arity: -4, flags: ['write', 'denyoom'], since: '2.0.0', handler: (c, a) => setOpCommand(c, a, 'union', true),
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key',
    complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.' },
  { ...movable, name: 'zinter', arity: -3, flags: ['readonly'], since: '6.2.0', handler: (c, a) => setOpCommand(c, a, 'inter', false),
    summary: 'Intersect multiple sorted sets', complexity: INTER_COMPLEXITY },
  { ...keyed, name: 'zinterstore', arity: -4, flags: ['write', 'denyoom'], since: '2.0.0', handler: (c, a) => setOpCommand(c, a, 'inter', true),
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key', complexity: INTER_COMPLEXITY },
  { ...movable, name: 'zintercard', arity: -3, flags: ['readonly'], since: '7.0.0', handler: zintercard,
    summary: 'Intersect multiple sorted sets and return the cardinality of the result',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.' },
  { ...movable, name: 'zdiff', arity: -3, flags: ['readonly'], since: '6.2.0', handler: (c, a) => setOpCommand(c, a, 'diff', false),
    summary: 'Subtract multiple sorted sets', complexity: DIFF_COMPLEXITY },
  { ...keyed, name: 'zdiffstore', arity: -4, flags: ['write', 'denyoom'], since: '6.2.0', handler: (c, a) => setOpCommand(c, a, 'diff', true),
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key', complexity: DIFF_COMPLEXITY },
  { ...keyed, name: 'zscan', arity: -3, flags: ['readonly'], since: '2.8.0', handler: zscan,
    summary: 'Incrementally iterate sorted sets elements and associated scores',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..' },
];

export const zsetCommands: CommandFamily = commands;
