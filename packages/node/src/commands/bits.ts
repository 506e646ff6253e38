import { NOT_INTEGER, SYNTAX } from '../errors.js';
import { NOTIFY } from '../pubsub/keyspace-events.js';
import type { Client } from '../server/client.js';
import { MutableString, mutableOf, type StringValue } from '../store/values.js';
import { parseInt64, parseInteger } from '../util/numbers.js';
import { readString, REPLIED, writeString } from './lookup.js';
import { storeEdited } from './strings.js';
import { FIRST_KEY, type CommandFamily } from './types.js';

/**
 * Bitmap commands (bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO. Bit 0 is the
 * most significant bit of the first byte. Values are read in place (latin1 string or MutableString bytes);
 * writes turn the value into a MutableString so a bitmap is never copied per SETBIT.
 */

const BIT_OFFSET_ERROR = 'ERR bit offset is not an integer or out of range';

/** Set bits per byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/** The byte at `index`, 0 past the end (bitmaps are zero-padded to the right). */
function byteAt(value: StringValue | undefined, index: number): number {
  if (value === undefined || index >= value.length) return 0;
  return typeof value === 'string' ? value.charCodeAt(index) : value.byteAt(index);
}

/**
 * getBitOffsetFromArgument: a bit offset, below proto-max-bulk-len bytes. With `fieldBits` (BITFIELD), the
 * "#N" form means N * fieldBits. Null after an error reply.
 */
function bitOffset(client: Client, text: string, fieldBits = 0): number | null {
  const hash = fieldBits > 0 && text.charCodeAt(0) === 35; /* # */
  let offset = parseInteger(hash ? text.slice(1) : text);
  if (offset !== null && hash) offset *= fieldBits;
  const limit = client.mustObey ? Infinity : client.node.config.getNumber('proto-max-bulk-len');
  if (offset === null || offset < 0 || Math.floor(offset / 8) >= limit) {
    client.error(BIT_OFFSET_ERROR);
    return null;
  }
  return offset;
}

// --- SETBIT / GETBIT ------------------------------------------------------------------------------------

/** SETBIT: the previous bit. A change (or a new or grown string) counts as a write; setting the same bit does not. */
function setbit(client: Client, args: string[]): void {
  const key = args[1]!;
  const offset = bitOffset(client, args[2]!);
  if (offset === null) return;
  const on = parseInteger(args[3]!);
  if (on !== 0 && on !== 1) return client.error('ERR bit is not an integer or out of range');
  const current = writeString(client, key);
  if (current === REPLIED) return;
  const index = Math.floor(offset / 8);
  const mask = 1 << (7 - (offset % 8));
  const byte = byteAt(current, index);
  const previous = (byte & mask) === 0 ? 0 : 1;
  if (current === undefined || index >= current.length || previous !== on) {
    const edited = mutableOf(current);
    edited.setByte(index, on === 1 ? byte | mask : byte & ~mask);
    storeEdited(client.db, key, current, edited);
    client.node.notify(NOTIFY.string, 'setbit', key, client.dbIndex);
  }
  client.reply.integer(previous);
}

function getbit(client: Client, args: string[]): void {
  const offset = bitOffset(client, args[2]!);
  if (offset === null) return;
  const value = readString(client, args[1]!);
  if (value === REPLIED) return;
  client.reply.integer((byteAt(value, Math.floor(offset / 8)) >> (7 - (offset % 8))) & 1);
}

// --- ranges shared by BITCOUNT and BITPOS --------------------------------------------------------------

/**
 * A BITCOUNT/BITPOS range after Redis's conversions: byte indexes start..end (inclusive), plus masks of the
 * bits of the first and last byte that a BIT range leaves out.
 */
interface ByteRange {
  start: number;
  end: number;
  firstMask: number;
  lastMask: number;
}

/** Resolves negative indexes and clamps as bitcountCommand/bitposCommand do, converting BIT ranges to bytes. */
function byteRange(start: number, end: number, length: number, isBit: boolean): ByteRange {
  const total = isBit ? length * 8 : length;
  if (start < 0) start = Math.max(total + start, 0);
  if (end < 0) end = Math.max(total + end, 0);
  if (end >= total) end = total - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start % 8))) - 1) & 0xff;
    lastMask = (1 << (7 - (end % 8))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

/** BIT or BYTE (case-insensitive): whether the range is in bits; null for anything else. */
function rangeUnit(text: string): boolean | null {
  const unit = text.toLowerCase();
  return unit === 'bit' ? true : unit === 'byte' ? false : null;
}

// --- BITCOUNT -------------------------------------------------------------------------------------------

function popcount(value: StringValue, from: number, to: number): number {
  let count = 0;
  if (typeof value === 'string') {
    for (let i = from; i < to; i++) count += POPCOUNT[value.charCodeAt(i)]!;
  } else {
    const bytes = value.bytes;
    for (let i = from; i < to; i++) count += POPCOUNT[bytes[i]!]!;
  }
  return count;
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcount(client: Client, args: string[]): void {
  const value = readString(client, args[1]!);
  if (value === REPLIED) return;
  if (value === undefined) return client.reply.integer(0);
  let range: ByteRange;
  if (args.length === 4 || args.length === 5) {
    const start = parseInteger(args[2]!);
    if (start === null) return client.error(NOT_INTEGER);
    const end = parseInteger(args[3]!);
    if (end === null) return client.error(NOT_INTEGER);
    if (start < 0 && end < 0 && start > end) return client.reply.integer(0);
    const isBit = args.length === 5 ? rangeUnit(args[4]!) : false;
    if (isBit === null) return client.error(SYNTAX);
    range = byteRange(start, end, value.length, isBit);
  } else if (args.length === 2) {
    range = { start: 0, end: value.length - 1, firstMask: 0, lastMask: 0 };
  } else {
    return client.error(SYNTAX);
  }
  const { start, end, firstMask, lastMask } = range;
  if (start > end) return client.reply.integer(0);
  let count = popcount(value, start, end + 1);
  // Bits of the edge bytes outside a BIT range were counted: take them back.
  if (firstMask !== 0) count -= POPCOUNT[byteAt(value, start) & firstMask]!;
  if (lastMask !== 0) count -= POPCOUNT[byteAt(value, end) & lastMask]!;
  client.reply.integer(count);
}

// --- BITPOS ---------------------------------------------------------------------------------------------

/** The first `bit` in one byte, MSB first: its index, or -1 (no 1) / 8 (no 0), as redisBitpos on one byte. */
function bitposInByte(byte: number, bit: number): number {
  if (bit === 1) return byte === 0 ? -1 : Math.clz32(byte) - 24;
  return byte === 0xff ? 8 : Math.clz32(~byte & 0xff) - 24;
}

/**
 * redisBitpos over `count` bytes from `start`: the first `bit` relative to `start`; when there is none, -1
 * when looking for a 1, or count * 8 for a 0 (the string is taken as zero-padded to the right).
 */
function bitposIn(value: StringValue, start: number, count: number, bit: number): number {
  const skip = bit === 1 ? 0 : 0xff;
  for (let i = 0; i < count; i++) {
    const byte = byteAt(value, start + i);
    if (byte !== skip) return i * 8 + bitposInByte(byte, bit);
  }
  return bit === 1 ? -1 : count * 8;
}

interface BitposArgs {
  range: ByteRange;
  endGiven: boolean;
}

/** Parses BITPOS's optional start, end and unit (arguments 3..5); null after an error reply. */
function bitposRange(client: Client, args: string[], length: number): BitposArgs | null {
  if (args.length === 3) return { range: { start: 0, end: length - 1, firstMask: 0, lastMask: 0 }, endGiven: false };
  if (args.length > 6) return replySyntax(client);
  const start = parseInteger(args[3]!);
  if (start === null) return replyNotInteger(client);
  let isBit: boolean | null = false;
  if (args.length === 6 && (isBit = rangeUnit(args[5]!)) === null) return replySyntax(client);
  let end = length - 1;
  if (args.length >= 5) {
    const given = parseInteger(args[4]!);
    if (given === null) return replyNotInteger(client);
    end = given;
  }
  return { range: byteRange(start, end, length, isBit), endGiven: args.length >= 5 };
}

function replySyntax(client: Client): null {
  client.error(SYNTAX);
  return null;
}

function replyNotInteger(client: Client): null {
  client.error(NOT_INTEGER);
  return null;
}

/** BITPOS key bit [start [end [BYTE|BIT]]], following bitposCommand's steps for the edge bytes of a BIT range. */
function bitpos(client: Client, args: string[]): void {
  const bit = parseInteger(args[2]!);
  if (bit === null) return client.error(NOT_INTEGER);
  if (bit !== 0 && bit !== 1) return client.error('ERR The bit argument must be 1 or 0.');
  const value = readString(client, args[1]!);
  if (value === REPLIED) return;
  // A missing key is an endless run of zeros.
  if (value === undefined) return client.reply.integer(bit === 1 ? -1 : 0);
  const parsed = bitposRange(client, args, value.length);
  if (parsed === null) return;
  let { start } = parsed.range;
  const { end, firstMask, lastMask } = parsed.range;
  if (start > end) return client.reply.integer(-1);
  let bytes = end - start + 1;
  let pos = -1;
  search: {
    if (firstMask !== 0) {
      let edge = bit === 1 ? byteAt(value, start) & ~firstMask : byteAt(value, start) | firstMask;
      if (lastMask !== 0 && bytes === 1) edge = bit === 1 ? edge & ~lastMask : edge | lastMask;
      pos = bitposInByte(edge, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break search;
      start++;
      bytes--;
    }
    // The last byte, when it has bits outside the range, is looked at on its own below.
    const middle = bytes - (lastMask !== 0 ? 1 : 0);
    if (middle > 0) {
      pos = bitposIn(value, start, middle, bit);
      if (bytes === middle || (pos !== -1 && pos !== middle * 8)) break search;
      start += middle;
      bytes -= middle;
    }
    pos = bitposInByte(bit === 1 ? byteAt(value, end) & ~lastMask : byteAt(value, end) | lastMask, bit);
  }
  // Looking for a 0 inside an explicit range: the zero padding past the range does not count.
  if (parsed.endGiven && bit === 0 && pos === bytes * 8) return client.reply.integer(-1);
  client.reply.integer(pos === -1 ? -1 : pos + start * 8);
}

// --- BITOP ----------------------------------------------------------------------------------------------

type BitOperation = 'and' | 'or' | 'xor' | 'not';

function bitOperation(text: string): BitOperation | null {
  const op = text.toLowerCase();
  return op === 'and' || op === 'or' || op === 'xor' || op === 'not' ? op : null;
}

/** The bytes of a source key; plain values are copied out of their latin1 string once. */
function bytesOf(value: StringValue): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'latin1') : value.bytes;
}

/** Combines the sources into a new buffer of the longest one's length; shorter ones count as zero-padded. */
function combine(op: BitOperation, sources: readonly Buffer[], length: number): Buffer {
  const result = Buffer.alloc(length);
  const first = sources[0]!;
  first.copy(result, 0, 0, Math.min(first.length, length));
  if (op === 'not') {
    for (let i = 0; i < length; i++) result[i] = ~result[i]! & 0xff;
    return result;
  }
  for (let s = 1; s < sources.length; s++) {
    const source = sources[s]!;
    const common = Math.min(source.length, length);
    if (op === 'and') {
      for (let i = 0; i < common; i++) result[i]! &= source[i]!;
      result.fill(0, common);
    } else if (op === 'or') {
      for (let i = 0; i < common; i++) result[i]! |= source[i]!;
    } else {
      for (let i = 0; i < common; i++) result[i]! ^= source[i]!;
    }
  }
  return result;
}

/** BITOP op destkey srckey...: the result's length; an all-empty result deletes the destination. */
function bitop(client: Client, args: string[]): void {
  const op = bitOperation(args[1]!);
  if (op === null) return client.error(SYNTAX);
  if (op === 'not' && args.length !== 4) return client.error('ERR BITOP NOT must be called with a single source key.');
  const sources: Buffer[] = [];
  let length = 0;
  for (let j = 3; j < args.length; j++) {
    const value = readString(client, args[j]!);
    if (value === REPLIED) return;
    const bytes = value === undefined ? EMPTY : bytesOf(value);
    sources.push(bytes);
    if (bytes.length > length) length = bytes.length;
  }
  const target = args[2]!;
  const db = client.db;
  if (length > 0) {
    db.get(target); // setKey's lookup: an expired destination is expired (DEL, event) before it is replaced
    db.set(target, new MutableString(combine(op, sources, length)));
    client.node.notify(NOTIFY.string, 'set', target, db.index);
  } else if (db.delete(target)) {
    client.node.notify(NOTIFY.generic, 'del', target, db.index);
  }
  client.reply.integer(length);
}

const EMPTY = Buffer.alloc(0);

// --- BITFIELD -------------------------------------------------------------------------------------------

const enum Overflow {
  Wrap,
  Sat,
  Fail,
}

const enum FieldOp {
  Get,
  Set,
  Incrby,
}

interface FieldOperation {
  op: FieldOp;
  offset: number;
  bits: number;
  signed: boolean;
  overflow: Overflow;
  /** SET's value or INCRBY's increment. */
  value: bigint;
}

const BITFIELD_TYPE_ERROR =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

/** getBitfieldTypeFromArgument: i1..i64 or u1..u63 (lower-case sign letter only); null after an error reply. */
function fieldType(client: Client, text: string): { signed: boolean; bits: number } | null {
  const sign = text.charCodeAt(0);
  const bits = sign === 105 /* i */ || sign === 117 /* u */ ? parseInteger(text.slice(1)) : null;
  const signed = sign === 105;
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) {
    client.error(BITFIELD_TYPE_ERROR);
    return null;
  }
  return { signed, bits };
}

function overflowType(text: string): Overflow | null {
  const name = text.toLowerCase();
  return name === 'wrap' ? Overflow.Wrap : name === 'sat' ? Overflow.Sat : name === 'fail' ? Overflow.Fail : null;
}

interface ParsedBitfield {
  ops: FieldOperation[];
  /** Highest bit a SET or INCRBY touches, -1 when there is none (a read-only call). */
  lastWrittenBit: number;
}

/** Parses every BITFIELD subcommand before anything runs, as bitfieldGeneric does; null after an error reply. */
function parseBitfield(client: Client, args: string[]): ParsedBitfield | null {
  const ops: FieldOperation[] = [];
  let overflow = Overflow.Wrap;
  let lastWrittenBit = -1;
  for (let j = 2; j < args.length; j++) {
    const remaining = args.length - j - 1;
    const name = args[j]!.toLowerCase();
    let op: FieldOp;
    if (name === 'get' && remaining >= 2) op = FieldOp.Get;
    else if (name === 'set' && remaining >= 3) op = FieldOp.Set;
    else if (name === 'incrby' && remaining >= 3) op = FieldOp.Incrby;
    else if (name === 'overflow' && remaining >= 1) {
      const type = overflowType(args[++j]!);
      if (type === null) return replyError(client, 'ERR Invalid OVERFLOW type specified');
      overflow = type;
      continue;
    } else {
      return replyError(client, SYNTAX);
    }
    const type = fieldType(client, args[j + 1]!);
    if (type === null) return null;
    const offset = bitOffset(client, args[j + 2]!, type.bits);
    if (offset === null) return null;
    let value = 0n;
    if (op !== FieldOp.Get) {
      lastWrittenBit = Math.max(lastWrittenBit, offset + type.bits - 1);
      const parsed = parseInt64(args[j + 3]!);
      if (parsed === null) return replyError(client, NOT_INTEGER);
      value = parsed;
    }
    ops.push({ op, offset, bits: type.bits, signed: type.signed, overflow, value });
    j += op === FieldOp.Get ? 2 : 3;
  }
  return { ops, lastWrittenBit };
}

function replyError(client: Client, message: string): null {
  client.error(message);
  return null;
}

/** The unsigned `bits`-wide field at bit `offset`, MSB first; bytes past the end read as zero. */
function readField(value: StringValue | undefined, offset: number, bits: number): bigint {
  let result = 0n;
  // Up to 32 bits at a time in a number, then into the bigint.
  for (let done = 0; done < bits; ) {
    const chunk = Math.min(32, bits - done);
    let acc = 0;
    for (let k = 0; k < chunk; k++) {
      const position = offset + done + k;
      acc = acc * 2 + ((byteAt(value, Math.floor(position / 8)) >> (7 - (position % 8))) & 1);
    }
    result = (result << BigInt(chunk)) | BigInt(acc);
    done += chunk;
  }
  return result;
}

/** Writes the low `bits` bits of `value` (two's complement for negatives) at bit `offset`, MSB first. */
function writeField(target: MutableString, offset: number, bits: number, value: bigint): void {
  let rest = BigInt.asUintN(bits, value);
  for (let left = bits; left > 0; ) {
    const chunk = Math.min(32, left);
    let acc = Number(BigInt.asUintN(chunk, rest));
    rest >>= BigInt(chunk);
    // Bits from the least significant one, i.e. from the field's end backwards.
    for (let k = 1; k <= chunk; k++) {
      const position = offset + left - k;
      const index = Math.floor(position / 8);
      const mask = 1 << (7 - (position % 8));
      const byte = target.byteAt(index);
      target.setByte(index, acc % 2 === 1 ? byte | mask : byte & ~mask);
      acc = Math.floor(acc / 2);
    }
    left -= chunk;
  }
}

/**
 * The stored value of a SET or INCRBY under the overflow policy (check{Signed,Unsigned}BitfieldOverflow):
 * the exact result if it fits, else wrapped or saturated; null when it does not fit and the policy is FAIL.
 */
function fitField(exact: bigint, bits: number, signed: boolean, overflow: Overflow): bigint | null {
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -max - 1n : 0n;
  if (exact >= min && exact <= max) return exact;
  if (overflow === Overflow.Fail) return null;
  if (overflow === Overflow.Sat) return exact > max ? max : min;
  return signed ? BigInt.asIntN(bits, exact) : BigInt.asUintN(bits, exact);
}

/**
 * checkSignedBitfieldOverflow computes `max - value` in int64; for a signed SET far below the field's range
 * (value < 2^(bits-1) - 2^63) that wraps negative, the check reports an overflow upwards and SAT stores the
 * maximum instead of the minimum. Reproduced so the bytes match Redis's.
 */
function saturatesToMax(op: FieldOperation, value: bigint): boolean {
  return (
    op.op === FieldOp.Set &&
    op.signed &&
    op.overflow === Overflow.Sat &&
    op.bits < 64 &&
    value < (1n << BigInt(op.bits - 1)) - (1n << 63n)
  );
}

function fieldValue(value: StringValue | undefined, op: FieldOperation): bigint {
  const raw = readField(value, op.offset, op.bits);
  return op.signed ? BigInt.asIntN(op.bits, raw) : raw;
}

/**
 * Runs one SET/INCRBY on `target`, replying the old value (SET) or the new one (INCRBY), or a null when
 * FAIL refused it. True when the op counts as a change (a different value, or the string was new or grown).
 */
function applyFieldWrite(client: Client, target: MutableString, op: FieldOperation, grown: boolean): boolean {
  const old = fieldValue(target, op);
  // An unsigned SET takes the argument as the uint64 C sees (-1 is 2^64-1: it saturates to the max).
  const exact = op.op === FieldOp.Incrby ? old + op.value : op.signed ? op.value : BigInt.asUintN(64, op.value);
  const stored = saturatesToMax(op, exact) ? (1n << BigInt(op.bits - 1)) - 1n : fitField(exact, op.bits, op.signed, op.overflow);
  if (stored === null) {
    client.reply.nullBulk();
    return false;
  }
  client.reply.integer(op.op === FieldOp.Incrby ? stored : old);
  writeField(target, op.offset, op.bits, stored);
  return grown || stored !== old;
}

function bitfieldGeneric(client: Client, args: string[], readOnlyCommand: boolean): void {
  const parsed = parseBitfield(client, args);
  if (parsed === null) return;
  const { ops, lastWrittenBit } = parsed;
  const key = args[1]!;
  if (lastWrittenBit < 0) {
    const value = readString(client, key);
    if (value === REPLIED) return;
    client.reply.arrayHeader(ops.length);
    for (const op of ops) client.reply.integer(fieldValue(value, op));
    return;
  }
  if (readOnlyCommand) return client.error('ERR BITFIELD_RO only supports the GET subcommand');
  const current = writeString(client, key);
  if (current === REPLIED) return;
  const lastByte = Math.floor(lastWrittenBit / 8);
  const grown = current === undefined || lastByte >= current.length;
  const target = mutableOf(current);
  target.ensureLength(lastByte + 1);
  client.reply.arrayHeader(ops.length);
  let changes = 0;
  for (const op of ops) {
    if (op.op === FieldOp.Get) client.reply.integer(fieldValue(target, op));
    else if (applyFieldWrite(client, target, op, grown)) changes++;
  }
  // Redis creates or grows the key even when FAIL refused every write.
  if (changes > 0 || grown) storeEdited(client.db, key, current, target);
  if (changes > 0) {
    client.node.notify(NOTIFY.string, 'setbit', key, client.dbIndex);
    // Redis counts every changed field; storing counted one.
    client.node.dirty += changes - 1;
  }
}

function bitfield(client: Client, args: string[]): void {
  bitfieldGeneric(client, args, false);
}

function bitfieldRo(client: Client, args: string[]): void {
  bitfieldGeneric(client, args, true);
}

// --- the table ------------------------------------------------------------------------------------------

const bitmap = { group: 'bitmap', categories: ['@bitmap'], ...FIRST_KEY } as const;

export const bitCommands: CommandFamily = [
  {
    ...bitmap,
    name: 'setbit',
    arity: 4,
    flags: ['write', 'denyoom'],
    summary: 'Sets or clears the bit at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: setbit,
  },
  {
    ...bitmap,
    name: 'getbit',
    arity: 3,
    flags: ['readonly', 'fast'],
    summary: 'Returns the bit value at offset in the string value stored at key',
    since: '2.2.0',
    complexity: 'O(1)',
    handler: getbit,
  },
  {
    ...bitmap,
    name: 'bitcount',
    arity: -2,
    flags: ['readonly'],
    summary: 'Count set bits in a string',
    since: '2.6.0',
    complexity: 'O(N)',
    handler: bitcount,
  },
  {
    ...bitmap,
    name: 'bitpos',
    arity: -3,
    flags: ['readonly'],
    summary: 'Find first bit set or clear in a string',
    since: '2.8.7',
    complexity: 'O(N)',
    handler: bitpos,
  },
  {
    ...bitmap,
    name: 'bitop',
    arity: -4,
    flags: ['write', 'denyoom'],
    firstKey: 2,
    lastKey: -1,
    step: 1,
    summary: 'Perform bitwise operations between strings',
    since: '2.6.0',
    complexity: 'O(N)',
    handler: bitop,
  },
  {
    ...bitmap,
    name: 'bitfield',
    arity: -2,
    flags: ['write', 'denyoom'],
    summary: 'Perform arbitrary bitfield integer operations on strings',
    since: '3.2.0',
    complexity: 'O(1) for each subcommand specified',
    handler: bitfield,
  },
  {
    ...bitmap,
    name: 'bitfield_ro',
    arity: -2,
    flags: ['readonly', 'fast'],
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD',
    since: '6.0.0',
    complexity: 'O(1) for each subcommand specified',
    handler: bitfieldRo,
  },
];
