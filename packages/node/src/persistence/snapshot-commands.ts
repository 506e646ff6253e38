import { encodeCommand } from '@understudy/resp';
import type { HashValue } from '../store/types/hash.js';
import type { ListValue } from '../store/types/list.js';
import type { SetValue } from '../store/types/set.js';
import type { ZSetValue } from '../store/types/zset.js';
import type { MutableString, RedisValue } from '../store/values.js';

/**
 * A snapshot written as commands (DESIGN.md §3): each key becomes the RESP commands that rebuild it exactly
 * when applied through a node's dispatcher (log/effect-applier.ts), the format of the effect log and the AOF.
 * SELECT when the database changes; a string is one SET; a collection is built by RPUSH / HSET / SADD / ZADD
 * commands of at most ELEMENTS_PER_COMMAND elements (and about BYTES_PER_COMMAND bytes), so no command grows
 * with the collection; then PEXPIREAT for a key with a TTL, even one already past (a replica keeps such a key
 * until its primary's DEL arrives, and a primary would have sent that DEL after the snapshot).
 *
 * A big collection may be written across several calls (`from` / the returned position), so that one slice of
 * a snapshot stays about the size asked for whatever the size of its keys.
 */

/** Elements (members, fields, list items) per command at most. */
export const ELEMENTS_PER_COMMAND = 128;
/** A command ends once its elements reach this many bytes (a longer element still goes alone). */
export const BYTES_PER_COMMAND = 64 * 1024;
/** writeKey's answer when the key is complete, TTL included. */
export const KEY_DONE = -1;

export interface SnapshotCommandOptions {
  /**
   * zset-max-listpack-value of the node that applies the commands. A sorted set the snapshot holds as a skiplist
   * must be rebuilt as one: a listpack stores a -0 score as 0 (now or on a later ZADD), which DEBUG DIGEST tells
   * apart. So its first ZADD carries a placeholder member longer than this, which makes the new set a skiplist
   * from the start, and a ZREM removes the placeholder at the end.
   */
  zsetMaxListpackValue: number;
}

/** Redis's defaults: right for a node whose config leaves zset-max-listpack-value alone. */
export const DEFAULT_SNAPSHOT_COMMAND_OPTIONS: SnapshotCommandOptions = { zsetMaxListpackValue: 64 };

/** A value of a type with no command form yet (streams: issue 11). */
export class SnapshotUnsupportedTypeError extends Error {
  constructor(readonly valueType: string) {
    super(`snapshot of ${valueType} values is not implemented`);
    this.name = 'SnapshotUnsupportedTypeError';
  }
}

/**
 * A score as ZADD reads it back to the same double (commands/zsets.ts parseScore): JavaScript's shortest
 * round-trip form ("0.1", "1e+21", "5e-324"), "inf"/"-inf" for the infinities, and "-0", which String() would
 * write as "0".
 */
export function formatScore(score: number): string {
  if (score === Infinity) return 'inf';
  if (score === -Infinity) return '-inf';
  if (score === 0) return Object.is(score, -0) ? '-0' : '0';
  return String(score);
}

/**
 * The placeholder member that makes a new sorted set a skiplist (see SnapshotCommandOptions): longer than the
 * listpack limit and not a member. Derived from the contents only, so the same one is found again for the ZREM
 * however many calls the set took.
 */
export function skiplistPlaceholder(zset: ZSetValue, maxListpackValue: number): string {
  for (let length = maxListpackValue + 1; ; length++) {
    for (let k = 0; k < 256; k++) {
      const candidate = String.fromCharCode((0x78 + k) & 0xff).repeat(length); // "xxx...", then "yyy..."
      if (!zset.has(candidate)) return candidate;
    }
  }
}

/**
 * Accumulates the commands of a snapshot. `select` and `writeKey` append encoded commands; `take` hands out
 * what was written since the last take, as one Buffer.
 */
export class SnapshotCommandWriter {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private selectedDb = -1;

  constructor(private readonly options: SnapshotCommandOptions = DEFAULT_SNAPSHOT_COMMAND_OPTIONS) {}

  /** Bytes written since the last take. */
  get size(): number {
    return this.bytes;
  }

  /** The bytes written since the last take. */
  take(): Buffer {
    const out = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
    this.chunks = [];
    this.bytes = 0;
    return out;
  }

  /** A SELECT, unless `db` is the database the commands already target. */
  select(db: number): void {
    if (db === this.selectedDb) return;
    this.selectedDb = db;
    this.emit(['SELECT', String(db)]);
  }

  /**
   * Writes the commands that rebuild `key`, from element `from` of its value (0 for a key not started), until
   * the key is complete or `size` reaches `limit` after a command. Returns the element to resume from, or
   * KEY_DONE. The value must not change between the calls that write one key.
   */
  writeKey(key: string, value: RedisValue, expireAt: number | undefined, from: number, limit: number): number {
    if (typeof value === 'string') {
      this.emit(['SET', key, value]);
    } else {
      let resume: number;
      switch (value.type) {
        case 'string':
          this.emit(['SET', key, (value as MutableString).bytes]);
          resume = KEY_DONE;
          break;
        case 'list':
          resume = this.writeList(key, value as ListValue, from, limit);
          break;
        case 'hash':
          resume = this.writeHash(key, value as HashValue, from, limit);
          break;
        case 'set':
          resume = this.writeSet(key, value as SetValue, from, limit);
          break;
        case 'zset':
          resume = this.writeZSet(key, value as ZSetValue, from, limit);
          break;
        default:
          throw new SnapshotUnsupportedTypeError(value.type);
      }
      if (resume !== KEY_DONE) return resume;
    }
    if (expireAt !== undefined) this.emit(['PEXPIREAT', key, String(expireAt)]);
    return KEY_DONE;
  }

  private writeList(key: string, list: ListValue, from: number, limit: number): number {
    const n = list.length;
    let i = from;
    while (i < n) {
      const args: string[] = ['RPUSH', key];
      const end = Math.min(n, i + ELEMENTS_PER_COMMAND);
      for (let bytes = 0; i < end && bytes < BYTES_PER_COMMAND; i++) {
        const item = list.at(i);
        args.push(item);
        bytes += item.length;
      }
      this.emit(args);
      if (i < n && this.bytes >= limit) return i;
    }
    return KEY_DONE;
  }

  /** Fields in the hash's slot order, so a listpack is rebuilt in its order. */
  private writeHash(key: string, hash: HashValue, from: number, limit: number): number {
    const n = hash.size;
    let i = from;
    while (i < n) {
      const args: string[] = ['HSET', key];
      const end = Math.min(n, i + ELEMENTS_PER_COMMAND);
      for (let bytes = 0; i < end && bytes < BYTES_PER_COMMAND; i++) {
        const field = hash.fieldAt(i);
        const value = hash.valueAt(i);
        args.push(field, value);
        bytes += field.length + value.length;
      }
      this.emit(args);
      if (i < n && this.bytes >= limit) return i;
    }
    return KEY_DONE;
  }

  /** Members in slot order: ascending for an intset, which so is rebuilt as an intset. */
  private writeSet(key: string, set: SetValue, from: number, limit: number): number {
    const n = set.size;
    let i = from;
    while (i < n) {
      const args: string[] = ['SADD', key];
      const end = Math.min(n, i + ELEMENTS_PER_COMMAND);
      for (let bytes = 0; i < end && bytes < BYTES_PER_COMMAND; i++) {
        const member = set.memberAt(i);
        args.push(member);
        bytes += member.length;
      }
      this.emit(args);
      if (i < n && this.bytes >= limit) return i;
    }
    return KEY_DONE;
  }

  /** Members by ascending rank; a skiplist is rebuilt as one (SnapshotCommandOptions). */
  private writeZSet(key: string, zset: ZSetValue, from: number, limit: number): number {
    const n = zset.size;
    const placeholder =
      zset.encoding === 'skiplist' ? skiplistPlaceholder(zset, this.options.zsetMaxListpackValue) : null;
    let i = from;
    while (i < n) {
      const args: string[] = ['ZADD', key];
      if (i === 0 && placeholder !== null) args.push('0', placeholder);
      let bytes = 0;
      zset.range(i, Math.min(n, i + ELEMENTS_PER_COMMAND) - 1, false, (member, score) => {
        args.push(formatScore(score), member);
        bytes += member.length;
        i++;
        return bytes < BYTES_PER_COMMAND;
      });
      this.emit(args);
      if (i < n && this.bytes >= limit) return i;
    }
    if (placeholder !== null) this.emit(['ZREM', key, placeholder]);
    return KEY_DONE;
  }

  private emit(args: readonly (string | Buffer)[]): void {
    const bytes = encodeCommand(args);
    this.chunks.push(bytes);
    this.bytes += bytes.length;
  }
}
