// Reply framing for the proxy: finds where each top-level RESP2/RESP3 reply ends in the upstream byte stream
// without building values (ReplyParser builds them), so that the proxy can forward reply bytes as they arrive
// and still match replies to the commands in flight, tell pushes apart, and see errors.
//
// A byte-level state machine: the scanner keeps only its parse state between chunks (the open aggregates'
// remaining element counts, the bytes left of a bulk payload, a length being read), never a reply's bytes,
// unless asked to (`retain`) — then it holds the bytes of the incomplete reply so that only whole replies are
// handed on. Bulk payloads are skipped by length, not byte by byte.

import { lowerLatin1 } from './request-scanner.js';

/** One complete top-level reply found by ReplyScanner.next(). */
export interface ScannedReply {
  /**
   * Offset of the reply's first byte (its attribute's, when one precedes it) in the Buffer it is forwarded with:
   * the chunk last fed (stream mode; negative when the reply began in an earlier chunk, `end - start` is always
   * its length) or the Buffer the next takeComplete() returns (retain mode).
   */
  readonly start: number;
  /** Offset just past the reply's last byte in that same Buffer. */
  readonly end: number;
  /** The reply's RESP type byte (after any attribute): 0x2b '+', 0x2d '-', 0x24 '$', 0x2a '*', 0x3e '>'... */
  readonly type: number;
  /** A RESP3 push (`>`): data the server sent on its own (pub/sub message, invalidation) or a pub/sub confirmation. */
  readonly push: boolean;
  /** An error reply (`-` or RESP3 blob error `!`). */
  readonly error: boolean;
  /**
   * For an array or push whose first element is a bulk or simple string of at most FIRST_ELEMENT_MAX bytes: that
   * element with ASCII A-Z lower-cased ("message", "pmessage", "subscribe", "pong"...), computed only when
   * next(true) asked for it; null otherwise.
   */
  readonly firstElement: string | null;
}

export interface ReplyScannerOptions {
  /**
   * Retain mode: keep the bytes of replies until takeComplete() hands them out, whole replies only, instead of
   * letting the caller forward each chunk as it arrives (stream mode, the default).
   */
  retain?: boolean;
}

/** Longest first element reported by ScannedReply.firstElement (pub/sub kinds are at most 12 bytes). */
export const FIRST_ELEMENT_MAX = 32;

// Parser states.
const S_TYPE = 0; // at an element's type byte
const S_LINE = 1; // in a line-typed element's text, looking for '\r'
const S_LF = 2; // expecting the '\n' that ends an element
const S_SIGN = 3; // at the first byte of a length or count ('-' or a digit)
const S_DIGITS = 4; // in a length or count's digits, up to '\r'
const S_HEADER_LF = 5; // expecting the '\n' after a length or count
const S_DATA = 6; // skipping a blob's payload
const S_DATA_CR = 7; // expecting the '\r' after a payload

// First-element capture states of the top-level aggregate in progress.
const F_NONE = 0;
const F_PENDING = 1; // a top-level array/push opened; its first element not seen yet
const F_LINE = 2; // the first element is a simple string being read (start known, length not yet)
const F_BULK = 3; // the first element is a bulk whose length line is being read
const F_DONE = 4; // start and length known

/** Initial size of a scanner-owned buffer (retain mode). */
const MIN_OWNED = 16 * 1024;
/** Room past a pending big payload when sizing a buffer for it (retain mode), see RequestScanner. */
const BIG_SLACK = 64 * 1024;
/** Lengths and counts of more digits are refused: no server sends them, and up to 15 digits they stay exact. */
const MAX_DIGITS = 15;
const EMPTY_BUFFER = Buffer.alloc(0);

/**
 * Streaming reply scanner. feed() scans a whole chunk at once and returns how many top-level replies ended in it;
 * next() then walks those replies (kind, offsets, first element on demand) until the next feed().
 *
 * Stream mode (default) — forward everything as it arrives, the scanner keeps no bytes:
 *
 * ```ts
 * const replies = new ReplyScanner();
 * upstream.on('data', (chunk) => {
 *   const n = replies.feed(chunk);
 *   client.write(chunk);                                  // everything received, one write
 *   if (replies.pushes === 0 && !inFlight.needsInspection()) { inFlight.answered(n); return; } // counts suffice
 *   for (let r = replies.next(needsFirst()); r !== null; r = replies.next(needsFirst())) {
 *     if (answersCommand(r.push, r.firstElement, ...)) inFlight.answerOldest(r.error); // else: a message/push
 *   }
 * });
 * // On losing the upstream: `replies.midReply` says the client already holds part of a reply (close it).
 * ```
 *
 * Retain mode (`{ retain: true }`) — forward whole replies only: the same loop, with `const batch =
 * replies.takeComplete(); if (batch.length > 0) client.write(batch);` after walking next() instead of writing the
 * chunk. A lost upstream then never leaves a torn reply on the client connection (the in-flight commands can be
 * answered with errors instead), at the price of holding each incomplete reply (a big one entirely) in memory.
 *
 * Offsets are relative to the Buffer the caller forwards (the chunk, or the next takeComplete()), see
 * ScannedReply.start. The scanner validates framing (type bytes, lengths, the CRLFs it passes) and throws an
 * Error ("RESP: ...") on a malformed stream; it does not check the text of simple strings, integers, doubles.
 * RESP3 streamed strings/aggregates (`$?`, `*?`) are refused: Redis never sends them.
 */
export class ReplyScanner {
  private readonly retain: boolean;

  // Bytes: in stream mode `buf` is the chunk last fed; in retain mode a buffer holding the unforwarded bytes from
  // `mark` to `len`. `base` is the stream offset (bytes fed before) of buf[0].
  private buf: Buffer = EMPTY_BUFFER;
  private base = 0;
  private len = 0;
  private mark = 0;
  private owned = false;
  /** Retain mode: stream offset just past the last complete reply. */
  private done = 0;

  // Parse state, carried across chunks.
  private state = S_TYPE;
  private kind = 0; // type byte of the element being read
  private negative = false;
  private num = 0;
  private digits = 0;
  private skip = 0; // payload bytes left
  private depth = 0;
  /** Elements still expected by each open aggregate (a map or attribute counts keys and values). */
  private readonly counts: number[] = [];
  /** Whether each open aggregate is an attribute (which belongs to the value after it: not an element itself). */
  private readonly attrs: boolean[] = [];

  // The top-level reply in progress.
  private inReply = false;
  private replyStart = 0;
  private replyType = 0;
  private firstState = F_NONE;
  private firstStart = 0;
  private firstLen = 0;
  /** Stream mode: the bytes of a first element that began in an earlier chunk than the current one. */
  private readonly spill = Buffer.alloc(FIRST_ELEMENT_MAX);
  /** The first element of the first reply completed in this chunk, when it began in an earlier chunk. */
  private spilledFirst: string | null = null;

  // Replies completed by the last feed(): stream offsets, type bytes, first elements (start, length or -1).
  private count = 0;
  private read = 0;
  private readonly ends: number[] = [];
  private readonly starts: number[] = [];
  private readonly types: number[] = [];
  private readonly firstStarts: number[] = [];
  private readonly firstLens: number[] = [];
  /** Stream offset the reported offsets are relative to. */
  private origin = 0;
  private pushCount = 0;

  constructor(options?: ReplyScannerOptions) {
    this.retain = options?.retain === true;
  }

  /** How many of the replies completed by the last feed() are RESP3 pushes. */
  get pushes(): number {
    return this.pushCount;
  }

  /** A reply has begun and not ended: forwarded bytes (stream mode) end inside a reply. */
  get midReply(): boolean {
    return this.inReply;
  }

  /** Retain mode: bytes held and not yet handed out by takeComplete(). Always 0 in stream mode. */
  get bufferedBytes(): number {
    return this.retain ? this.len - this.mark : 0;
  }

  /**
   * Scans a chunk and returns the number of top-level replies that ended in it (pushes included, see `pushes`).
   * Throws an Error on a malformed stream; the scanner is unusable afterwards.
   */
  feed(chunk: Buffer): number {
    this.count = 0;
    this.read = 0;
    this.pushCount = 0;
    this.spilledFirst = null;
    const n = chunk.length;
    if (!this.retain) {
      this.base += this.len;
      this.buf = chunk;
      this.len = n;
      this.origin = this.base;
      if (n === 0) return 0;
      this.scan(chunk, 0, n);
      if (this.inReply) this.spillFirst();
      return this.count;
    }
    let from: number;
    const rest = this.len - this.mark;
    if (rest === 0) {
      // Everything before was handed out: adopt the chunk as is.
      this.base += this.len;
      this.buf = chunk;
      this.owned = false;
      this.mark = 0;
      this.len = n;
      from = 0;
    } else if (this.owned && this.buf.length - this.len >= n) {
      chunk.copy(this.buf, this.len);
      from = this.len;
      this.len += n;
    } else {
      // A new buffer, never a compaction in place: handed-out bytes may still be queued in a socket write.
      const total = rest + n;
      const want = this.state === S_DATA ? rest + this.skip + 2 : 0;
      const nb = Buffer.allocUnsafe(want > total ? want + BIG_SLACK : Math.max(MIN_OWNED, total * 2));
      this.buf.copy(nb, 0, this.mark, this.len);
      chunk.copy(nb, rest);
      this.base += this.mark;
      this.buf = nb;
      this.owned = true;
      this.mark = 0;
      this.len = total;
      from = rest;
    }
    this.origin = this.base + this.mark;
    if (n > 0) this.scan(this.buf, from, this.len);
    return this.count;
  }

  /**
   * The next of the replies completed by the last feed(), in stream order, or null after the last one.
   * `wantFirst`: compute `firstElement` (a short string, often cached, so cheap, but most replies need none).
   * Walk them before the next feed() (and, in retain mode, before takeComplete()).
   */
  next(wantFirst = false): ScannedReply | null {
    const i = this.read;
    if (i >= this.count) return null;
    this.read = i + 1;
    const type = this.types[i]!;
    let firstElement: string | null = null;
    if (wantFirst) {
      const len = this.firstLens[i]!;
      if (len >= 0) {
        const at = this.firstStarts[i]! - this.base;
        firstElement = at >= 0 ? lowerLatin1(this.buf, at, at + len) : this.spilledFirst;
      }
    }
    return {
      start: this.starts[i]! - this.origin,
      end: this.ends[i]! - this.origin,
      type,
      push: type === 62,
      error: type === 45 || type === 33,
      firstElement,
    };
  }

  /**
   * Retain mode: the bytes of every complete reply not yet handed out, as one Buffer (a view, never modified by
   * the scanner afterwards), and forgets them; the bytes of an incomplete reply stay. Empty in stream mode.
   */
  takeComplete(): Buffer {
    const end = this.done - this.base;
    if (!this.retain || end <= this.mark) return EMPTY_BUFFER;
    const out = this.buf.subarray(this.mark, end);
    this.mark = end;
    return out;
  }

  /** Runs the state machine over buf[p, end). */
  private scan(buf: Buffer, p: number, end: number): void {
    const base = this.base;
    let state = this.state;
    let num = this.num;
    let digits = this.digits;
    while (p < end) {
      switch (state) {
        case S_TYPE: {
          const c = buf[p]!;
          if (!this.inReply) {
            this.inReply = true;
            this.replyStart = base + p;
          }
          if (c !== 124) {
            // Not an attribute: this is the value itself, at the top level or as an element.
            const d = this.depth;
            if (d === 0) this.replyType = c;
            else if (d === 1 && this.firstState === F_PENDING) {
              if (c === 43) {
                this.firstState = F_LINE;
                this.firstStart = base + p + 1;
              } else {
                this.firstState = c === 36 ? F_BULK : F_NONE;
              }
            }
          }
          this.kind = c;
          p++;
          switch (c) {
            case 43: // '+' simple string
            case 45: // '-' error
            case 58: // ':' integer
            case 44: // ',' double
            case 40: // '(' big number
            case 35: // '#' boolean
            case 95: // '_' null
              state = S_LINE;
              break;
            case 36: // '$' bulk
            case 33: // '!' blob error
            case 61: // '=' verbatim
            case 42: // '*' array
            case 126: // '~' set
            case 62: // '>' push
            case 37: // '%' map
            case 124: // '|' attribute
              state = S_SIGN;
              break;
            default:
              throw new Error(`RESP: unknown type byte 0x${c.toString(16)}`);
          }
          break;
        }
        case S_LINE: {
          while (p < end && buf[p] !== 13) p++;
          if (p === end) break;
          if (this.firstState === F_LINE) {
            // The line just ended is the first element's (nothing else is read between its type byte and here).
            const n = base + p - this.firstStart;
            if (n <= FIRST_ELEMENT_MAX) {
              this.firstLen = n;
              this.firstState = F_DONE;
            } else {
              this.firstState = F_NONE;
            }
          }
          p++;
          state = S_LF;
          break;
        }
        case S_LF:
          if (buf[p] !== 10) throw new Error('RESP: expected \\n after \\r');
          p++;
          state = S_TYPE;
          this.elementDone(base + p);
          break;
        case S_SIGN:
          this.negative = buf[p] === 45;
          if (this.negative) p++;
          num = 0;
          digits = 0;
          state = S_DIGITS;
          break;
        case S_DIGITS: {
          let c = 0;
          while (p < end) {
            c = buf[p]!;
            if (c < 48 || c > 57) break;
            num = num * 10 + (c - 48);
            digits++;
            p++;
          }
          if (p === end) break;
          if (c !== 13 || digits === 0 || digits > MAX_DIGITS) throw new Error(`RESP: bad length for type '${String.fromCharCode(this.kind)}'`);
          p++;
          state = S_HEADER_LF;
          break;
        }
        case S_HEADER_LF: {
          if (buf[p] !== 10) throw new Error('RESP: expected \\n after \\r');
          p++;
          const kind = this.kind;
          if (this.negative) {
            // Only RESP2's null bulk `$-1` and null array `*-1` are negative.
            if (num !== 1 || (kind !== 36 && kind !== 42)) throw new Error(`RESP: bad length for type '${String.fromCharCode(kind)}'`);
            if (this.firstState === F_BULK) this.firstState = F_NONE;
            state = S_TYPE;
            this.elementDone(base + p);
          } else if (kind === 36 || kind === 33 || kind === 61) {
            if (this.firstState === F_BULK) {
              if (num <= FIRST_ELEMENT_MAX) {
                this.firstStart = base + p;
                this.firstLen = num;
                this.firstState = F_DONE;
              } else {
                this.firstState = F_NONE;
              }
            }
            this.skip = num;
            state = S_DATA;
          } else {
            state = S_TYPE;
            const isAttr = kind === 124;
            const elements = isAttr || kind === 37 ? num * 2 : num;
            if (elements === 0) {
              // An empty attribute is nothing; an empty aggregate is a complete element.
              if (!isAttr) this.elementDone(base + p);
            } else {
              const d = this.depth;
              this.counts[d] = elements;
              this.attrs[d] = isAttr;
              this.depth = d + 1;
              if (d === 0 && (kind === 42 || kind === 62)) this.firstState = F_PENDING;
            }
          }
          break;
        }
        case S_DATA: {
          const skip = this.skip;
          if (end - p < skip) {
            this.skip = skip - (end - p);
            p = end;
          } else {
            p += skip;
            this.skip = 0;
            state = S_DATA_CR;
          }
          break;
        }
        case S_DATA_CR:
          if (buf[p] !== 13) throw new Error('RESP: expected \\r\\n after a blob');
          p++;
          state = S_LF;
          break;
      }
    }
    this.state = state;
    this.num = num;
    this.digits = digits;
  }

  /** An element ended at stream offset `at`: closes the aggregates it completes, records a complete reply. */
  private elementDone(at: number): void {
    let d = this.depth;
    while (d > 0) {
      const left = this.counts[d - 1]! - 1;
      this.counts[d - 1] = left;
      if (left > 0) return;
      d--;
      this.depth = d;
      // A finished attribute is not an element of its parent: the value it annotates is still to come.
      if (this.attrs[d]) return;
    }
    const i = this.count++;
    const type = this.replyType;
    this.ends[i] = at;
    this.starts[i] = this.replyStart;
    this.types[i] = type;
    if (type === 62) this.pushCount++;
    if (this.firstState === F_DONE) {
      this.firstStarts[i] = this.firstStart;
      this.firstLens[i] = this.firstLen;
      if (!this.retain && this.firstStart < this.base) this.spilledFirst = this.unspill();
    } else {
      this.firstLens[i] = -1;
    }
    this.inReply = false;
    this.firstState = F_NONE;
    if (this.retain) this.done = at;
  }

  /**
   * Stream mode, at the end of a chunk inside a reply: saves the part of the reply's first element this chunk
   * holds, since the chunk is gone when the reply completes (at most FIRST_ELEMENT_MAX bytes, and only for a
   * top-level array or push split right there).
   */
  private spillFirst(): void {
    const state = this.firstState;
    if (state !== F_LINE && state !== F_DONE) return;
    const from = Math.max(this.firstStart, this.base);
    const to = Math.min(this.firstStart + (state === F_DONE ? this.firstLen : FIRST_ELEMENT_MAX), this.base + this.len);
    if (to > from) this.buf.copy(this.spill, from - this.firstStart, from - this.base, to - this.base);
  }

  /** The first element of a reply completing in this chunk that began in an earlier one (spill + this chunk). */
  private unspill(): string {
    const end = this.firstStart + this.firstLen;
    if (end > this.base) this.buf.copy(this.spill, this.base - this.firstStart, 0, end - this.base);
    return lowerLatin1(this.spill, 0, this.firstLen);
  }
}
