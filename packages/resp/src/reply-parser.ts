// Streaming parser for server replies, RESP2 and RESP3 (used by tests and by
// the proxy). Not on the server's hot path: it favours simplicity, but keeps
// partially received aggregates on an explicit stack so that a reply arriving
// in many small pieces is never re-parsed from its start.

import { latin1Slice } from './fast-buffer.js';

export type RespValue =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: number | bigint }
  | { type: 'bulk'; value: Buffer }
  | { type: 'null' }
  | { type: 'array'; items: RespValue[] }
  | { type: 'set'; items: RespValue[] }
  | { type: 'push'; items: RespValue[] }
  | { type: 'map'; entries: [RespValue, RespValue][] }
  | { type: 'attribute'; entries: [RespValue, RespValue][] }
  | { type: 'double'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'bignum'; value: string }
  | { type: 'verbatim'; format: string; value: Buffer };

/** An aggregate whose elements are still arriving. */
interface Frame {
  value: Extract<RespValue, { items: RespValue[] }> | Extract<RespValue, { entries: [RespValue, RespValue][] }>;
  /** Elements still expected (a map counts keys and values separately). */
  remaining: number;
  /** For maps: a key waiting for its value. */
  key: RespValue | null;
}

const MIN_OWNED = 4096;

export class ReplyParser {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private len = 0;
  private owned = false;
  private stack: Frame[] = [];

  feed(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    const rest = this.len - this.pos;
    if (rest === 0) {
      this.buf = chunk;
      this.pos = 0;
      this.len = n;
      this.owned = false;
    } else if (this.owned && this.buf.length - this.len >= n) {
      chunk.copy(this.buf, this.len);
      this.len += n;
    } else {
      // Values are copied out of the buffer, so replacing it is always safe.
      const nb = Buffer.allocUnsafe(Math.max(MIN_OWNED, (rest + n) * 2));
      this.buf.copy(nb, 0, this.pos, this.len);
      chunk.copy(nb, rest);
      this.buf = nb;
      this.pos = 0;
      this.len = rest + n;
      this.owned = true;
    }
  }

  /** The next complete reply, or undefined if more bytes are needed. Throws on malformed input. */
  next(): RespValue | undefined {
    for (;;) {
      const value = this.element();
      if (value === undefined) return undefined;
      if (value === null) continue; // an aggregate header was pushed
      const done = this.deliver(value);
      if (done !== undefined) return done;
    }
  }

  /**
   * Parses one element at `pos`: a complete scalar, null after pushing a
   * non-empty aggregate frame, or undefined when its bytes are incomplete.
   */
  private element(): RespValue | null | undefined {
    const buf = this.buf;
    const start = this.pos;
    if (start >= this.len) return undefined;
    const cr = buf.indexOf(13, start + 1);
    if (cr < 0 || cr + 1 >= this.len) return undefined;
    const type = buf[start]!;
    const lineStart = start + 1;
    const after = cr + 2;
    switch (type) {
      case 43: // '+'
        this.pos = after;
        return { type: 'simple', value: latin1Slice(buf, lineStart, cr) };
      case 45: // '-'
        this.pos = after;
        return { type: 'error', value: latin1Slice(buf, lineStart, cr) };
      case 58: // ':'
        this.pos = after;
        return { type: 'integer', value: parseInteger(latin1Slice(buf, lineStart, cr)) };
      case 95: // '_'
        this.pos = after;
        return { type: 'null' };
      case 44: // ','
        this.pos = after;
        return { type: 'double', value: parseDouble(latin1Slice(buf, lineStart, cr)) };
      case 35: {
        // '#'
        const b = latin1Slice(buf, lineStart, cr);
        if (b !== 't' && b !== 'f') throw new Error(`RESP: bad boolean '${b}'`);
        this.pos = after;
        return { type: 'boolean', value: b === 't' };
      }
      case 40: // '('
        this.pos = after;
        return { type: 'bignum', value: latin1Slice(buf, lineStart, cr) };
      case 36: // '$'
      case 33: // '!' blob error
      case 61: {
        // '=' verbatim
        const n = lengthOf(buf, lineStart, cr);
        if (n < 0) {
          if (type !== 36) throw new Error('RESP: negative blob length');
          this.pos = after;
          return { type: 'null' };
        }
        if (this.len - after < n + 2) return undefined;
        this.pos = after + n + 2;
        if (type === 36) return { type: 'bulk', value: Buffer.from(buf.subarray(after, after + n)) };
        if (type === 33) return { type: 'error', value: latin1Slice(buf, after, after + n) };
        if (n < 4 || buf[after + 3] !== 58) throw new Error('RESP: bad verbatim string');
        return {
          type: 'verbatim',
          format: latin1Slice(buf, after, after + 3),
          value: Buffer.from(buf.subarray(after + 4, after + n)),
        };
      }
      case 42: // '*'
      case 126: // '~'
      case 62: // '>'
      case 37: // '%'
      case 124: {
        // '|'
        const n = lengthOf(buf, lineStart, cr);
        this.pos = after;
        if (n < 0) {
          if (type !== 42) throw new Error('RESP: negative aggregate length');
          return { type: 'null' };
        }
        const value: Frame['value'] =
          type === 42
            ? { type: 'array', items: [] }
            : type === 126
              ? { type: 'set', items: [] }
              : type === 62
                ? { type: 'push', items: [] }
                : type === 37
                  ? { type: 'map', entries: [] }
                  : { type: 'attribute', entries: [] };
        const remaining = 'entries' in value ? n * 2 : n;
        if (remaining === 0) return value;
        this.stack.push({ value, remaining, key: null });
        return null;
      }
      default:
        throw new Error(`RESP: unknown type byte 0x${type.toString(16)}`);
    }
  }

  /** Adds a finished value to the open aggregates; returns the top-level value once complete. */
  private deliver(value: RespValue): RespValue | undefined {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) return value;
      const agg = top.value;
      if ('items' in agg) {
        agg.items.push(value);
      } else if (top.key === null) {
        top.key = value;
      } else {
        agg.entries.push([top.key, value]);
        top.key = null;
      }
      if (--top.remaining > 0) return undefined;
      this.stack.pop();
      value = agg;
    }
  }
}

/** A length/count line: a decimal integer (negative means null). */
function lengthOf(buf: Buffer, start: number, end: number): number {
  const s = latin1Slice(buf, start, end);
  if (!/^-?\d+$/.test(s)) throw new Error(`RESP: bad length '${s}'`);
  return Number(s);
}

function parseInteger(s: string): number | bigint {
  if (!/^[-+]?\d+$/.test(s)) throw new Error(`RESP: bad integer '${s}'`);
  if (s.length <= 15) return Number(s);
  const big = BigInt(s);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

function parseDouble(s: string): number {
  switch (s) {
    case 'inf':
    case '+inf':
      return Infinity;
    case '-inf':
      return -Infinity;
    case 'nan':
    case '-nan':
      return NaN;
  }
  const d = Number(s);
  if (s.length === 0 || Number.isNaN(d)) throw new Error(`RESP: bad double '${s}'`);
  return d;
}
