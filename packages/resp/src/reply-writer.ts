// Encoder for RESP2/RESP3 replies into a per-connection output buffer.
//
// Byte layout follows Redis 7.0 networking.c (addReply* functions), so the
// bytes on the wire are identical to what Redis sends for the same reply.
//
// Buffer management (the write path runs for every reply):
// - Bytes are written into one preallocated Buffer; integers and lengths are
//   written digit by digit, strings with latin1 writes: no intermediate JS
//   strings or Buffers per reply.
// - take() hands out a subarray and keeps writing *after* it in the same
//   Buffer, so handed-out bytes are never overwritten (the socket may still
//   hold them) and no allocation is needed per flush.
// - When the current Buffer is full its pending bytes are sealed as a chunk
//   (no copy) and writing continues in a new Buffer twice as large (up to a
//   cap), so a huge reply costs O(n) and never re-copies what was written.
// - Bulks given as big Buffers are queued by reference, not copied.

import { writeLatin1, writeUint } from './fast-buffer.js';
import { formatDouble } from './format-double.js';

export { formatDouble } from './format-double.js';

/** Size of a fresh output buffer. */
const INITIAL_SIZE = 16 * 1024;
/** Growth stops doubling here: later buffers are this size (or the single write's size). */
const MAX_SIZE = 1024 * 1024;
/** Buffers given to bulk() at least this large are queued by reference instead of copied. */
const BIG_BULK = 64 * 1024;
/** After take(), a buffer with less room than this left is abandoned for a fresh one. */
const MIN_TAIL = 1024;

/** Longest "<prefix><int>\r\n" line: prefix + sign + 20 digits + CRLF. */
const MAX_INT_LINE = 24;

export class ReplyWriter {
  /** Protocol version of the connection; HELLO switches it. */
  protocol: 2 | 3;

  // Pending output is: chunks[...] followed by buf[base, off).
  private buf: Buffer;
  private base = 0;
  private off = 0;
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** Bytes that left buf[base, off): taken ones plus those sealed into `chunks`. */
  private flushed = 0;
  /** Size of the next buffer to allocate when the current one is full. */
  private nextSize = INITIAL_SIZE;

  constructor(protocol: 2 | 3 = 2) {
    this.protocol = protocol;
    this.buf = Buffer.allocUnsafe(INITIAL_SIZE);
  }

  // ---- RESP2 / common types ------------------------------------------------

  /** `+s\r\n` (a status reply; `s` must not contain CR or LF). */
  simple(s: string): void {
    this.textLine(43, s); // '+'
  }

  /**
   * `-msg\r\n`; `msg` carries its own code ("ERR …", "WRONGTYPE …"). Like
   * Redis' addReplyErrorFormat(), leading/trailing CR/LF are trimmed and
   * inner ones become spaces, so user-supplied text cannot break framing.
   */
  error(msg: string): void {
    if (msg.indexOf('\r') !== -1 || msg.indexOf('\n') !== -1) {
      msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '').replace(/[\r\n]/g, ' ');
    }
    this.textLine(45, msg); // '-'
  }

  /** `:n\r\n`. Numbers must be integers; bigints cover the full long long range. */
  integer(n: number | bigint): void {
    this.intLine(58, n); // ':'
  }

  /** `$len\r\n<bytes>\r\n`; a string is a latin1 binary string (length = byte length). */
  bulk(s: string | Buffer): void {
    const n = s.length;
    if (typeof s === 'string') {
      this.ensure(n + MAX_INT_LINE + 2);
      this.lengthLine(36, n);
      const buf = this.buf;
      const p = writeLatin1(buf, s, this.off);
      buf[p] = 13;
      buf[p + 1] = 10;
      this.off = p + 2;
    } else if (n >= BIG_BULK) {
      this.ensure(MAX_INT_LINE);
      this.lengthLine(36, n);
      // The caller must not mutate a big Buffer after passing it here.
      this.appendChunk(s);
      this.crlf();
    } else {
      this.ensure(n + MAX_INT_LINE + 2);
      this.lengthLine(36, n);
      const buf = this.buf;
      s.copy(buf, this.off);
      const p = this.off + n;
      buf[p] = 13;
      buf[p + 1] = 10;
      this.off = p + 2;
    }
  }

  /** Null bulk string: RESP2 `$-1\r\n`, RESP3 `_\r\n`. */
  nullBulk(): void {
    if (this.protocol === 2) this.bytes5(36, 45, 49, 13, 10); // $-1\r\n
    else this.bytes3(95, 13, 10); // _\r\n
  }

  /** Null array: RESP2 `*-1\r\n`, RESP3 `_\r\n`. */
  nullArray(): void {
    if (this.protocol === 2) this.bytes5(42, 45, 49, 13, 10); // *-1\r\n
    else this.bytes3(95, 13, 10);
  }

  arrayHeader(n: number): void {
    this.ensure(MAX_INT_LINE);
    this.lengthLine(42, n); // '*'
  }

  /** `n` is the number of pairs: RESP3 `%n`, RESP2 `*2n`. */
  mapHeader(n: number): void {
    this.ensure(MAX_INT_LINE);
    if (this.protocol === 2) this.lengthLine(42, n * 2);
    else this.lengthLine(37, n); // '%'
  }

  /** RESP3 `~n`, RESP2 `*n`. */
  setHeader(n: number): void {
    this.ensure(MAX_INT_LINE);
    this.lengthLine(this.protocol === 2 ? 42 : 126, n); // '~'
  }

  /** RESP3 `>n`, RESP2 `*n` (pub/sub messages are plain arrays in RESP2). */
  pushHeader(n: number): void {
    this.ensure(MAX_INT_LINE);
    this.lengthLine(this.protocol === 2 ? 42 : 62, n); // '>'
  }

  // ---- RESP3 types (with their RESP2 fallbacks) ----------------------------

  /** RESP3 `,<%.17g>\r\n` (",inf", ",-inf", ",nan"); RESP2 the same text as a bulk. */
  double(d: number): void {
    const text = formatDouble(d);
    if (this.protocol === 2) {
      this.bulk(text);
      return;
    }
    this.textLine(44, text); // ','
  }

  /** RESP3 `#t` / `#f`; RESP2 `:1` / `:0`. */
  boolean(b: boolean): void {
    if (this.protocol === 2) this.bytes4(58, b ? 49 : 48, 13, 10);
    else this.bytes4(35, b ? 116 : 102, 13, 10);
  }

  /** RESP3 `(s\r\n`; RESP2 a bulk string. */
  bigNumber(s: string): void {
    if (this.protocol === 2) {
      this.bulk(s);
      return;
    }
    this.textLine(40, s); // '('
  }

  /**
   * RESP3 `=<len+4>\r\n<fmt>:<text>\r\n`; RESP2 a bulk of `text`. Like
   * addReplyVerbatim(), only the first 3 chars of `format` are used and a
   * shorter one is padded with spaces.
   */
  verbatim(text: string | Buffer, format = 'txt'): void {
    if (this.protocol === 2) {
      this.bulk(text);
      return;
    }
    const n = text.length;
    this.ensure(n + MAX_INT_LINE + 6);
    this.lengthLine(61, n + 4); // '='
    const buf = this.buf;
    let p = this.off;
    for (let i = 0; i < 3; i++) buf[p++] = i < format.length ? format.charCodeAt(i) : 32;
    buf[p++] = 58; // ':'
    if (typeof text === 'string') p = writeLatin1(buf, text, p);
    else p += text.copy(buf, p);
    buf[p] = 13;
    buf[p + 1] = 10;
    this.off = p + 2;
  }

  /** An array of bulk strings. */
  bulkArray(items: readonly (string | Buffer)[]): void {
    this.arrayHeader(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]!);
  }

  /** Pre-encoded RESP bytes (a Buffer or a latin1 binary string), copied in. */
  raw(bytes: Buffer | string): void {
    this.ensure(bytes.length);
    if (typeof bytes === 'string') this.off = writeLatin1(this.buf, bytes, this.off);
    else this.off += bytes.copy(this.buf, this.off);
  }

  // ---- output management ---------------------------------------------------

  /** Current position: total bytes written since construction. */
  mark(): number {
    return this.flushed + (this.off - this.base);
  }

  /**
   * Drops everything written after `mark` (CLIENT REPLY OFF/SKIP). Only
   * marks taken since the last take() are valid.
   */
  discardSince(mark: number): void {
    const taken = this.flushed - this.chunkBytes;
    if (mark < taken || mark > this.mark()) throw new RangeError('ReplyWriter: stale or future mark');
    const inCurrent = mark - this.flushed;
    if (inCurrent >= 0) {
      this.off = this.base + inCurrent;
      return;
    }
    // The mark falls inside the sealed chunks: drop the current region and
    // the chunks after the mark (keeping the head of the one it cuts).
    this.off = this.base;
    while (this.flushed > mark) {
      const last = this.chunks.pop()!;
      this.flushed -= last.length;
      this.chunkBytes -= last.length;
      if (this.flushed < mark) {
        const keep = last.subarray(0, mark - this.flushed);
        this.chunks.push(keep);
        this.flushed += keep.length;
        this.chunkBytes += keep.length;
      }
    }
  }

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.chunkBytes + (this.off - this.base);
  }

  /**
   * The pending bytes as a list of Buffers (usually one) and a reset; [] when
   * nothing is pending. The returned Buffers are never written to again.
   */
  take(): Buffer[] {
    let out: Buffer[];
    if (this.chunks.length === 0) {
      if (this.off === this.base) return [];
      out = [this.buf.subarray(this.base, this.off)];
    } else {
      out = this.chunks;
      if (this.off > this.base) out.push(this.buf.subarray(this.base, this.off));
      this.chunks = [];
      this.chunkBytes = 0;
    }
    this.flushed += this.off - this.base;
    this.base = this.off;
    this.nextSize = INITIAL_SIZE;
    // Keep filling the tail of a standard buffer; a grown one is let go so
    // an idle connection does not pin it.
    if (this.buf.length !== INITIAL_SIZE || this.buf.length - this.off < MIN_TAIL) this.renew(INITIAL_SIZE);
    return out;
  }

  // ---- internals -----------------------------------------------------------

  /** Makes room for `n` more bytes in buf at `off`. */
  private ensure(n: number): void {
    if (this.off + n <= this.buf.length) return;
    this.seal();
    const size = Math.max(this.nextSize, n);
    this.nextSize = Math.min(this.nextSize * 2, MAX_SIZE);
    this.renew(size);
  }

  /** Moves the current region buf[base, off) to `chunks` without copying. */
  private seal(): void {
    const n = this.off - this.base;
    if (n === 0) return;
    this.chunks.push(this.buf.subarray(this.base, this.off));
    this.chunkBytes += n;
    this.flushed += n;
    this.base = this.off;
  }

  private renew(size: number): void {
    this.buf = Buffer.allocUnsafe(size);
    this.base = this.off = 0;
  }

  /** Queues `b` by reference after the current bytes. */
  private appendChunk(b: Buffer): void {
    this.seal();
    this.chunks.push(b);
    this.chunkBytes += b.length;
    this.flushed += b.length;
  }

  private crlf(): void {
    this.ensure(2);
    this.buf[this.off] = 13;
    this.buf[this.off + 1] = 10;
    this.off += 2;
  }

  /** `<prefix><n>\r\n` for a non-negative length/count (room already ensured). */
  private lengthLine(prefix: number, n: number): void {
    const buf = this.buf;
    let p = this.off;
    buf[p++] = prefix;
    // Fast path for the overwhelmingly common small lengths.
    if (n < 10 && n >= 0) buf[p++] = 48 + n;
    else if (n < 100 && n >= 0) {
      const t = (n / 10) | 0;
      buf[p++] = 48 + t;
      buf[p++] = 48 + (n - t * 10);
    } else {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`ReplyWriter: invalid length ${n}`);
      p = writeUint(buf, n, p);
    }
    buf[p] = 13;
    buf[p + 1] = 10;
    this.off = p + 2;
  }

  /** `<prefix><n>\r\n` for any integer (RESP integer replies). */
  private intLine(prefix: number, n: number | bigint): void {
    if (typeof n === 'number') {
      if (Number.isSafeInteger(n)) {
        this.ensure(MAX_INT_LINE);
        const buf = this.buf;
        let p = this.off;
        buf[p++] = prefix;
        if (n < 0) {
          buf[p++] = 45; // '-'
          n = -n;
        }
        p = writeUint(buf, n, p);
        buf[p] = 13;
        buf[p + 1] = 10;
        this.off = p + 2;
        return;
      }
      if (!Number.isInteger(n)) this.badInt(n);
      n = BigInt(n);
    }
    const s = n.toString();
    this.textLine(prefix, s);
  }

  /** One line: a type byte, latin1 text without CR/LF, then CRLF. */
  private textLine(prefix: number, text: string): void {
    this.ensure(text.length + 3);
    const buf = this.buf;
    buf[this.off] = prefix;
    const p = writeLatin1(buf, text, this.off + 1);
    buf[p] = 13;
    buf[p + 1] = 10;
    this.off = p + 2;
  }

  private badInt(n: number): never {
    throw new RangeError(`ReplyWriter: not an integer: ${n}`);
  }

  private bytes3(a: number, b: number, c: number): void {
    this.ensure(3);
    const buf = this.buf;
    const p = this.off;
    buf[p] = a;
    buf[p + 1] = b;
    buf[p + 2] = c;
    this.off = p + 3;
  }

  private bytes4(a: number, b: number, c: number, d: number): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.off;
    buf[p] = a;
    buf[p + 1] = b;
    buf[p + 2] = c;
    buf[p + 3] = d;
    this.off = p + 4;
  }

  private bytes5(a: number, b: number, c: number, d: number, e: number): void {
    this.ensure(5);
    const buf = this.buf;
    const p = this.off;
    buf[p] = a;
    buf[p + 1] = b;
    buf[p + 2] = c;
    buf[p + 3] = d;
    buf[p + 4] = e;
    this.off = p + 5;
  }
}
