import type { Database } from '../store/database.js';
import type { HashValue } from '../store/types/hash.js';
import type { ListValue } from '../store/types/list.js';
import type { SetValue } from '../store/types/set.js';
import type { ZSetValue } from '../store/types/zset.js';
import { typeOf, type RedisValue, type StringValue } from '../store/values.js';
import { parseInteger } from '../util/numbers.js';
import { crc64 } from './crc64.js';

/**
 * Writes the dataset as an RDB file of version 10, the format Redis 7.0 saves, loads and sends to replicas
 * (rdb.c): "REDIS0010", aux fields, per non-empty database SELECTDB + RESIZEDB and its keys (each preceded
 * by EXPIRETIME_MS when it has a TTL), EOF and the CRC-64 of everything before it, little-endian.
 *
 * Values are written by `writeObject`, one case per type: a type family adds its case there (the type byte
 * Redis 7.0 uses for it, then its encoding). Strings are written verbatim (no LZF compression: loaders accept
 * both) or as integers when they are canonical 32-bit integers, as rdbSaveRawString does.
 */

export const RDB_VERSION = 10;

/** Opcodes (rdb.h RDB_OPCODE_*). */
const OPCODE_AUX = 250;
const OPCODE_RESIZEDB = 251;
const OPCODE_EXPIRETIME_MS = 252;
const OPCODE_SELECTDB = 254;
const OPCODE_EOF = 255;

/** Object types (rdb.h RDB_TYPE_*). */
const TYPE_STRING = 0;
// The plain (pre-listpack) encodings: every Redis since 2.x loads them, converting to its compact forms.
const TYPE_LIST = 1;
const TYPE_SET = 2;
const TYPE_HASH = 4;
const TYPE_ZSET_2 = 5;

/** Length prefixes: two high bits 00 = 6-bit length, 01 = 14-bit, 0x80 = 32-bit, 0x81 = 64-bit (rdbSaveLen). */
const LEN_14BIT = 0x40;
const LEN_32BIT = 0x80;
const LEN_64BIT = 0x81;
/** Special string encodings: 0xC0 | RDB_ENC_INT8/16/32. */
const ENC_INT8 = 0xc0;
const ENC_INT16 = 0xc1;
const ENC_INT32 = 0xc2;

/** What rdbSaveInfo carries when the snapshot has a place in the replication stream. */
export interface RdbReplicationInfo {
  /** The database the stream had selected (SELECTs are re-sent after a sync, so 0 is what Redis writes). */
  streamDb: number;
  replid: string;
  offset: number;
}

export interface RdbOptions {
  redisVersion: string;
  /** Unix time in seconds (aux "ctime"). */
  ctime: number;
  /** Bytes of memory in use (aux "used-mem"). */
  usedMem: number;
  /** Replication position (aux repl-stream-db, repl-id, repl-offset), written for replicas and saves. */
  replication?: RdbReplicationInfo;
  /** Header and aux fields only, no keys (REPLCONF rdb-filter-only). */
  excludeData?: boolean;
  /** False (rdbchecksum no): the trailer is eight zero bytes, which loaders take as "not checked". */
  checksum?: boolean;
}

/** A value of a type this writer has no case for yet. */
export class RdbUnsupportedTypeError extends Error {
  constructor(readonly valueType: string) {
    super(`RDB encoding of ${valueType} values is not implemented`);
    this.name = 'RdbUnsupportedTypeError';
  }
}

/** The complete RDB file for `dbs` (databases in index order). */
export function writeRdb(dbs: readonly Database[], options: RdbOptions): Buffer {
  const out = new RdbEncoder();
  out.raw(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
  writeAuxFields(out, options);
  if (!options.excludeData) for (const db of dbs) writeDatabase(out, db);
  out.byte(OPCODE_EOF);
  return out.finish(options.checksum ?? true);
}

/** The aux fields rdbSaveInfoAuxFields writes, in its order. */
function writeAuxFields(out: RdbEncoder, options: RdbOptions): void {
  const aux = (key: string, value: string | number): void => {
    out.byte(OPCODE_AUX);
    out.string(key);
    out.string(String(value));
  };
  aux('redis-ver', options.redisVersion);
  aux('redis-bits', 64);
  aux('ctime', options.ctime);
  aux('used-mem', options.usedMem);
  if (options.replication) {
    aux('repl-stream-db', options.replication.streamDb);
    aux('repl-id', options.replication.replid);
    aux('repl-offset', options.replication.offset);
  }
  aux('aof-base', 0);
}

/** SELECTDB, RESIZEDB and every key of a non-empty database (rdbSaveDb), expired-but-present ones included. */
function writeDatabase(out: RdbEncoder, db: Database): void {
  if (db.data.size === 0) return;
  out.byte(OPCODE_SELECTDB);
  out.length(db.index);
  out.byte(OPCODE_RESIZEDB);
  out.length(db.data.size);
  out.length(db.expires.size);
  const expires = db.expires;
  for (const [key, value] of db.data) {
    const expireAt = expires.size === 0 ? undefined : expires.get(key);
    if (expireAt !== undefined) {
      out.byte(OPCODE_EXPIRETIME_MS);
      out.millis(expireAt);
    }
    writeObject(out, key, value);
  }
}

/** Type byte, key, value (rdbSaveObjectType + key + rdbSaveObject): one case per value type. */
function writeObject(out: RdbEncoder, key: string, value: RedisValue): void {
  const type = typeOf(value);
  switch (type) {
    case 'string': {
      const text = value as StringValue;
      out.byte(TYPE_STRING);
      out.string(key);
      out.string(typeof text === 'string' ? text : text.bytes);
      return;
    }
    case 'list': {
      const list = value as ListValue;
      out.byte(TYPE_LIST);
      out.string(key);
      out.length(list.length);
      for (let i = 0; i < list.length; i++) out.string(list.at(i));
      return;
    }
    case 'set': {
      const set = value as SetValue;
      out.byte(TYPE_SET);
      out.string(key);
      out.length(set.size);
      for (const member of set.members()) out.string(member);
      return;
    }
    case 'hash': {
      const hash = value as HashValue;
      out.byte(TYPE_HASH);
      out.string(key);
      out.length(hash.size);
      for (const [field, fieldValue] of hash.pairs()) {
        out.string(field);
        out.string(fieldValue);
      }
      return;
    }
    case 'zset': {
      const zset = value as ZSetValue;
      out.byte(TYPE_ZSET_2);
      out.string(key);
      out.length(zset.size);
      for (const [member, score] of zset.entries()) {
        out.string(member);
        out.binaryDouble(score);
      }
      return;
    }
    default:
      throw new RdbUnsupportedTypeError(type);
  }
}

/** A growable byte buffer with RDB's primitive encodings. */
class RdbEncoder {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private size = 0;

  byte(value: number): void {
    this.reserve(1);
    this.buf[this.size++] = value;
  }

  /** Latin1 text written as its bytes (the magic header). */
  raw(text: string): void {
    this.reserve(text.length);
    this.size += this.buf.write(text, this.size, 'latin1');
  }

  /** rdbSaveLen. */
  length(n: number): void {
    this.reserve(9);
    const buf = this.buf;
    if (n < 1 << 6) {
      buf[this.size++] = n;
    } else if (n < 1 << 14) {
      buf[this.size++] = LEN_14BIT | (n >> 8);
      buf[this.size++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      buf[this.size++] = LEN_32BIT;
      this.size = buf.writeUInt32BE(n, this.size);
    } else {
      buf[this.size++] = LEN_64BIT;
      this.size = buf.writeBigUInt64BE(BigInt(n), this.size);
    }
  }

  /** rdbSaveRawString without LZF: an integer encoding when the text is a canonical int32, else length + bytes. */
  string(value: string | Buffer): void {
    if (value.length <= 11) {
      const text = typeof value === 'string' ? value : value.toString('latin1');
      const int = canonicalInt32(text);
      if (int !== null) return this.int(int);
    }
    this.length(value.length);
    this.reserve(value.length);
    if (typeof value === 'string') this.size += this.buf.write(value, this.size, 'latin1');
    else this.size += value.copy(this.buf, this.size);
  }

  /** rdbSaveBinaryDoubleValue: an IEEE 754 double, little-endian (RDB_TYPE_ZSET_2 scores). */
  binaryDouble(value: number): void {
    this.reserve(8);
    this.size = this.buf.writeDoubleLE(value, this.size);
  }

  /** rdbSaveMillisecondTime: int64 little-endian. */
  millis(ms: number): void {
    this.reserve(8);
    this.size = this.buf.writeBigInt64LE(BigInt(ms), this.size);
  }

  /** The file so far plus its CRC-64 trailer. */
  finish(checksum: boolean): Buffer {
    const crc = checksum ? crc64(this.buf.subarray(0, this.size)) : 0n;
    this.reserve(8);
    this.size = this.buf.writeBigUInt64LE(crc, this.size);
    return this.buf.subarray(0, this.size);
  }

  /** rdbEncodeInteger: the smallest of INT8/INT16/INT32, little-endian. */
  private int(value: number): void {
    this.reserve(5);
    const buf = this.buf;
    if (value >= -128 && value <= 127) {
      buf[this.size++] = ENC_INT8;
      this.size = buf.writeInt8(value, this.size);
    } else if (value >= -32768 && value <= 32767) {
      buf[this.size++] = ENC_INT16;
      this.size = buf.writeInt16LE(value, this.size);
    } else {
      buf[this.size++] = ENC_INT32;
      this.size = buf.writeInt32LE(value, this.size);
    }
  }

  private reserve(n: number): void {
    if (this.size + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.size + n));
    this.buf.copy(grown, 0, 0, this.size);
    this.buf = grown;
  }
}

/** The value when `text` is a canonical integer (string2ll's rules) that fits RDB_ENC_INT32, else null. */
function canonicalInt32(text: string): number | null {
  const value = parseInteger(text);
  return value !== null && value >= -2147483648 && value <= 2147483647 ? value : null;
}
