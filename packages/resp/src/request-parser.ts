// Streaming parser for client requests (the server's read path).
//
// This is a transcription of Redis 7.0 networking.c processInputBuffer(),
// processMultibulkBuffer() and processInlineBuffer() (plus sds.c
// sdssplitargs() and util.c string2ll()), including their quirks, so that a
// client sees byte-identical behaviour: the same accepted inputs, the same
// protocol error texts, the same moments at which an error is raised.
//
// Quirks deliberately reproduced:
// - Redis looks for line terminators with strchr() on a NUL-terminated
//   buffer, so a NUL byte before the terminator hides it: the parser keeps
//   waiting for more data (and eventually fails the "too big" check).
// - After the '\r' of a multibulk count or bulk length line Redis skips one
//   more byte without checking that it is '\n'; after bulk data it skips two
//   bytes without checking that they are "\r\n".
// - `*0` / `*-N` and blank inline lines produce no command and are skipped.
//
// The request state and the line/length routines live in RequestFraming, which RequestScanner (the proxy's
// framing, request-scanner.ts) extends too: one copy of the quirks for both.

import { latin1Slice } from './fast-buffer.js';

export interface ParserLimits {
  /** proto-max-bulk-len: largest accepted bulk argument, in bytes. */
  maxBulkLen: number;
  /** Largest accepted multibulk count (Redis hard-codes INT_MAX). */
  maxMultibulkLen: number;
  /** PROTO_INLINE_MAX_SIZE: longest inline line / count line without a terminator. */
  maxInlineLen: number;
}

export const DEFAULT_PARSER_LIMITS: Readonly<ParserLimits> = Object.freeze({
  maxBulkLen: 512 * 1024 * 1024,
  maxMultibulkLen: 2147483647,
  maxInlineLen: 64 * 1024,
});

/**
 * Arguments become latin1 JS strings, and V8 caps a string at 2^29 - 24 characters: a bulk longer than that
 * (only possible when proto-max-bulk-len is raised to its 512 MB default or beyond) is refused as Redis refuses
 * one over proto-max-bulk-len, instead of failing inside V8.
 */
export const MAX_ARGUMENT_BYTES = 2 ** 29 - 24;

/**
 * A malformed request. `message` is the exact Redis error text without the
 * "-ERR " prefix; the server replies with it and closes the connection.
 */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Redis' PROTO_MBULK_BIG_ARG: bulks this large get a dedicated buffer. */
const BIG_ARG = 32 * 1024;
/** Redis refuses unauthenticated multibulk counts / bulk lengths above these. */
const UNAUTH_MAX_MULTIBULK = 10;
const UNAUTH_MAX_BULK = 16384;
/** Initial size of the parser-owned accumulation buffer. */
const MIN_OWNED = 16 * 1024;

/** Request types (Redis' reqtype); exported for RequestScanner. */
export const REQ_NONE = 0;
export const REQ_INLINE = 1;
export const REQ_MULTIBULK = 2;

const CR = 13;
const LF = 10;
const EMPTY: string[] = [];
const EMPTY_BUFFER = Buffer.alloc(0);

/**
 * string2ll() on bytes [start, end): strict decimal long long (no sign '+',
 * no leading zeros, no spaces, no "-0", at most 20 chars, no overflow).
 * Returns NaN when Redis would reject the text. Values beyond 2^53 are
 * returned rounded, which is harmless: every caller only compares them
 * against limits far below 2^53 or against 0.
 */
function parseLongLong(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len === 0 || len >= 21) return NaN;
  let p = start;
  if (len === 1 && buf[p] === 48) return 0;
  let negative = false;
  if (buf[p] === 45) {
    negative = true;
    p++;
    if (p === end) return NaN;
  }
  let c = buf[p]!;
  if (c < 49 || c > 57) return NaN;
  let v = c - 48;
  p++;
  while (p < end) {
    c = buf[p]!;
    if (c < 48 || c > 57) return NaN;
    v = v * 10 + (c - 48);
    p++;
  }
  // 19+ digits may overflow a long long; decide exactly (rare path).
  if (end - start - (negative ? 1 : 0) >= 19) {
    const big = BigInt(latin1Slice(buf, negative ? start + 1 : start, end));
    if (big > (negative ? 9223372036854775808n : 9223372036854775807n)) return NaN;
  }
  return negative ? -v : v;
}

/** C isspace() in the "C" locale (bytes >= 0x80 are signed chars: not spaces). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Scratch space for sdssplitargs() tokens; unquoting never makes a token longer. */
let scratch = Buffer.allocUnsafe(1024);

/**
 * sdssplitargs() over bytes [start, end) (the line holds no NUL: the
 * terminator search stops at NUL, see above). Positions >= end read as the
 * C string terminator. Throws on unbalanced quotes or a closing quote
 * followed by something other than a space.
 */
function splitArgs(buf: Buffer, start: number, end: number): string[] {
  if (scratch.length < end - start) scratch = Buffer.allocUnsafe(Math.max(end - start, scratch.length * 2));
  const out = scratch;
  const at = (i: number): number => (i < end ? buf[i]! : 0);
  const args: string[] = [];
  let p = start;
  for (;;) {
    while (p < end && isSpace(buf[p]!)) p++;
    if (p >= end) return args;
    let inq = false;
    let insq = false;
    let done = false;
    let w = 0;
    while (!done) {
      const c = at(p);
      if (inq) {
        let h1: number;
        let h2: number;
        if (c === 92 && at(p + 1) === 120 && (h1 = hexValue(at(p + 2))) >= 0 && (h2 = hexValue(at(p + 3))) >= 0) {
          out[w++] = h1 * 16 + h2;
          p += 3;
        } else if (c === 92 && at(p + 1) !== 0) {
          p++;
          const e = at(p);
          out[w++] = e === 110 ? 10 : e === 114 ? 13 : e === 116 ? 9 : e === 98 ? 8 : e === 97 ? 7 : e;
        } else if (c === 34) {
          // A closing quote must be followed by a space or nothing at all.
          const n = at(p + 1);
          if (n !== 0 && !isSpace(n)) throw new ProtocolError('Protocol error: unbalanced quotes in request');
          done = true;
        } else if (c === 0) {
          throw new ProtocolError('Protocol error: unbalanced quotes in request');
        } else {
          out[w++] = c;
        }
      } else if (insq) {
        if (c === 92 && at(p + 1) === 39) {
          p++;
          out[w++] = 39;
        } else if (c === 39) {
          const n = at(p + 1);
          if (n !== 0 && !isSpace(n)) throw new ProtocolError('Protocol error: unbalanced quotes in request');
          done = true;
        } else if (c === 0) {
          throw new ProtocolError('Protocol error: unbalanced quotes in request');
        } else {
          out[w++] = c;
        }
      } else {
        switch (c) {
          // Unquoted tokens end only at these (not at \v or \f, unlike the blank skipping).
          case 32:
          case 10:
          case 13:
          case 9:
          case 0:
            done = true;
            break;
          case 34:
            inq = true;
            break;
          case 39:
            insq = true;
            break;
          default:
            out[w++] = c;
            break;
        }
      }
      if (p < end) p++;
    }
    args.push(latin1Slice(out, 0, w));
  }
}

/**
 * The request state and the line and length routines of processMultibulkBuffer() / processInlineBuffer(), shared
 * by RequestParser (which builds each command's argv for the node) and RequestScanner (which only delimits
 * commands for the proxy), so that the quirks, limits and error texts above exist once and cannot drift apart.
 *
 * Subclasses own the input buffer: they keep the unconsumed input in `buf[pos, len)` and decide what happens to
 * consumed bytes (the parser drops them, the scanner keeps them until they are forwarded). The routines below
 * only ever read `buf`, move `pos` forward past what they consumed and reset `scanned` when they do.
 * @internal Not exported from the package.
 */
export abstract class RequestFraming {
  /** Mutable at runtime (CONFIG SET proto-max-bulk-len takes effect on the next header). */
  limits: ParserLimits;
  /** When true the unauthenticated limits apply (multibulk <= 10, bulk <= 16384). */
  authRequired = false;

  protected buf: Buffer = EMPTY_BUFFER;
  protected pos = 0;
  protected len = 0;

  // Terminator search resume point, relative to `pos` (the line being
  // searched always starts at `pos`): bytes before it hold no terminator, so
  // a line trickling in byte by byte is not rescanned from its start.
  // -1 means a NUL byte hides the terminator for good (see strchr quirk).
  protected scanned = 0;

  // Request state, as in Redis' client struct: reqtype, multibulklen, bulklen.
  protected reqType = REQ_NONE;
  protected multibulkLen = 0;
  protected bulkLen = -1;

  constructor(limits?: Partial<ParserLimits>) {
    this.limits = { ...DEFAULT_PARSER_LIMITS, ...limits };
  }

  /** Back to "no request in progress" (the request part of Redis' resetClient()). */
  protected resetRequest(): void {
    this.reqType = REQ_NONE;
    this.multibulkLen = 0;
    this.bulkLen = -1;
  }

  /** Decides the request type from the first byte at `pos` (callers check pos < len), as processInputBuffer() does. */
  protected startRequest(): void {
    this.reqType = this.buf[this.pos] === 42 ? REQ_MULTIBULK : REQ_INLINE;
  }

  /**
   * Index of the first `term` byte in the unconsumed input, or -1 when there
   * is none yet. Like strchr(), a NUL byte ends the search.
   */
  protected findTerminator(term: number): number {
    if (this.scanned < 0) return -1;
    const buf = this.buf;
    const end = this.len;
    let i = this.pos + this.scanned;
    for (; i < end; i++) {
      const c = buf[i];
      if (c === term) {
        this.scanned = i - this.pos;
        return i;
      }
      if (c === 0) {
        this.scanned = -1;
        return -1;
      }
    }
    this.scanned = i - this.pos;
    return -1;
  }

  /**
   * The `*<count>` line at `pos` (the first step of processMultibulkBuffer()): -1 while it is incomplete; else
   * `pos` moves past it and the count is returned, 0 for `*0` and negative counts (an empty request, which
   * Redis skips). Throws the "too big" error when the unterminated line outgrows the inline limit.
   */
  protected readMultibulkCount(): number {
    const cr = this.findTerminator(CR);
    if (cr < 0) {
      if (this.len - this.pos > this.limits.maxInlineLen) {
        throw new ProtocolError('Protocol error: too big mbulk count string');
      }
      return -1;
    }
    // The byte after '\r' must have arrived too (its value is not checked).
    if (cr > this.len - 2) return -1;
    const ll = parseLongLong(this.buf, this.pos + 1, cr);
    if (Number.isNaN(ll) || ll > this.limits.maxMultibulkLen) {
      throw new ProtocolError('Protocol error: invalid multibulk length');
    } else if (ll > UNAUTH_MAX_MULTIBULK && this.authRequired) {
      throw new ProtocolError('Protocol error: unauthenticated multibulk length');
    }
    this.pos = cr + 2;
    this.scanned = 0;
    return ll <= 0 ? 0 : ll;
  }

  /**
   * The `$<length>` line at `pos`: false while it is incomplete; else `bulkLen` is set and `pos` moves past it
   * (to the first data byte). Throws the "too big", "expected '$'" and "invalid/unauthenticated bulk length" errors.
   */
  protected readBulkLength(): boolean {
    const cr = this.findTerminator(CR);
    if (cr < 0) {
      if (this.len - this.pos > this.limits.maxInlineLen) {
        throw new ProtocolError('Protocol error: too big bulk count string');
      }
      return false;
    }
    if (cr > this.len - 2) return false;
    const first = this.buf[this.pos]!;
    if (first !== 36) {
      // addReplyErrorFormat() maps \r and \n to spaces.
      const ch = first === CR || first === LF ? ' ' : String.fromCharCode(first);
      throw new ProtocolError(`Protocol error: expected '$', got '${ch}'`);
    }
    const ll = parseLongLong(this.buf, this.pos + 1, cr);
    if (Number.isNaN(ll) || ll < 0 || ll > this.limits.maxBulkLen || ll > MAX_ARGUMENT_BYTES) {
      throw new ProtocolError('Protocol error: invalid bulk length');
    } else if (ll > UNAUTH_MAX_BULK && this.authRequired) {
      throw new ProtocolError('Protocol error: unauthenticated bulk length');
    }
    this.pos = cr + 2;
    this.scanned = 0;
    this.bulkLen = ll;
    return true;
  }

  /**
   * processInlineBuffer(): once the line at `pos` is complete, its argv (empty for a blank line, which Redis
   * skips) with `pos` moved past the '\n'; null while it is incomplete. Throws "too big inline request" and
   * "unbalanced quotes in request".
   */
  protected readInline(): string[] | null {
    const nl = this.findTerminator(LF);
    if (nl < 0) {
      if (this.len - this.pos > this.limits.maxInlineLen) {
        throw new ProtocolError('Protocol error: too big inline request');
      }
      return null;
    }
    let lineEnd = nl;
    if (nl !== this.pos && this.buf[nl - 1] === CR) lineEnd--;
    const argv = splitArgs(this.buf, this.pos, lineEnd);
    this.pos = nl + 1;
    this.scanned = 0;
    return argv;
  }
}

export class RequestParser extends RequestFraming {
  // Unconsumed input is buf[pos, len). `buf` is either a chunk adopted from
  // feed() as-is (owned = false: never written to) or a parser-owned buffer
  // with spare capacity past `len` for cheap appends.
  private owned = false;

  /** The arguments of the multibulk request in progress (Redis' argv). */
  private args: string[] = [];

  /** The last command name parsed, reused when the next one has the same bytes. */
  private lastName = '';

  // A big bulk whose bytes are still arriving: one buffer of the final size
  // (data + CRLF) that feed() copies into, instead of growing `buf`.
  private big: Buffer | null = null;
  private bigFill = 0;

  /** Bytes received but not yet consumed into a returned command (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return this.len - this.pos + (this.big !== null ? this.bigFill : 0);
  }

  feed(chunk: Buffer): void {
    let n = chunk.length;
    if (n === 0) return;
    if (this.big !== null) {
      const need = this.big.length - this.bigFill;
      if (n <= need) {
        chunk.copy(this.big, this.bigFill);
        this.bigFill += n;
        return;
      }
      chunk.copy(this.big, this.bigFill, 0, need);
      this.bigFill += need;
      chunk = chunk.subarray(need);
      n -= need;
      // buf is empty while a big bulk is pending: fall through to adopt the rest.
    }
    const rest = this.len - this.pos;
    if (rest === 0) {
      // Common case: everything before was consumed, take the chunk as is.
      this.buf = chunk;
      this.pos = 0;
      this.len = n;
      this.owned = false;
      return;
    }
    if (this.owned && this.buf.length - this.len >= n) {
      chunk.copy(this.buf, this.len);
      this.len += n;
      return;
    }
    const total = rest + n;
    if (this.owned && total <= this.buf.length >> 1) {
      // Plenty of room once the consumed prefix is dropped.
      this.buf.copyWithin(0, this.pos, this.len);
    } else {
      const nb = Buffer.allocUnsafe(Math.max(MIN_OWNED, total * 2));
      this.buf.copy(nb, 0, this.pos, this.len);
      this.buf = nb;
      this.owned = true;
    }
    chunk.copy(this.buf, rest);
    this.pos = 0;
    this.len = total;
  }

  /**
   * The next complete command (arguments as latin1 binary strings), or null
   * when more bytes are needed. Throws ProtocolError on malformed input;
   * the parser is unusable afterwards.
   */
  next(): string[] | null {
    for (;;) {
      if (this.big !== null) {
        if (!this.finishBig()) return null;
        if (this.multibulkLen === 0) return this.complete(this.args);
      } else if (this.reqType === REQ_NONE) {
        if (this.pos >= this.len) {
          this.release();
          return null;
        }
        this.startRequest();
      }
      const argv = this.reqType === REQ_MULTIBULK ? this.parseMultibulk() : this.readInline();
      if (argv === null) return null;
      const cmd = this.complete(argv);
      if (cmd !== null) return cmd;
      // *0, *-1 or a blank inline line: nothing to run, keep going.
    }
  }

  /** Resets the request state (Redis resetClient()); null for an empty command. */
  private complete(argv: string[]): string[] | null {
    this.resetRequest();
    this.args = EMPTY;
    return argv.length === 0 ? null : argv;
  }

  /**
   * Forgets the fully consumed input buffer so an idle connection pins no
   * memory. (An owned buffer is not worth keeping: the next feed() adopts
   * its chunk without copying anyway.)
   */
  private release(): void {
    this.buf = EMPTY_BUFFER;
    this.owned = false;
    this.pos = this.len = 0;
  }

  /** processMultibulkBuffer(): the argv when complete, null when more bytes are needed. */
  private parseMultibulk(): string[] | null {
    if (this.multibulkLen === 0) {
      const count = this.readMultibulkCount();
      if (count < 0) return null;
      if (count === 0) return EMPTY;
      this.multibulkLen = count;
      this.args = [];
    }

    const buf = this.buf;
    const args = this.args;
    while (this.multibulkLen > 0) {
      if (this.bulkLen === -1) {
        if (!this.readBulkLength()) return null;
        const ll = this.bulkLen;
        if (ll >= BIG_ARG && this.len - this.pos < ll + 2) {
          // Allocate the argument once at its final size; feed() fills it.
          const big = Buffer.allocUnsafe(ll + 2);
          this.bigFill = buf.copy(big, 0, this.pos, this.len);
          this.big = big;
          this.pos = this.len;
          this.release();
          return null;
        }
      }
      const bulkLen = this.bulkLen;
      if (this.len - this.pos < bulkLen + 2) return null;
      args.push(args.length === 0 ? this.commandName(buf, this.pos, bulkLen) : latin1Slice(buf, this.pos, this.pos + bulkLen));
      // The two bytes after the data are skipped unchecked, as Redis does.
      this.pos += bulkLen + 2;
      this.bulkLen = -1;
      this.multibulkLen--;
    }
    return args;
  }

  /**
   * The command name at buf[start, start+length): clients repeat the same few names, so the previous one is
   * reused when the bytes match, saving a string allocation per command on the hot path.
   */
  private commandName(buf: Buffer, start: number, length: number): string {
    const last = this.lastName;
    if (last.length === length && length <= 32) {
      let i = 0;
      while (i < length && buf[start + i] === last.charCodeAt(i)) i++;
      if (i === length) return last;
    }
    return (this.lastName = latin1Slice(buf, start, start + length));
  }

  /** Completes a pending big bulk if all its bytes are in; false otherwise. */
  private finishBig(): boolean {
    const big = this.big!;
    if (this.bigFill < big.length) return false;
    this.args.push(latin1Slice(big, 0, big.length - 2));
    this.big = null;
    this.bigFill = 0;
    this.bulkLen = -1;
    this.multibulkLen--;
    return true;
  }
}
