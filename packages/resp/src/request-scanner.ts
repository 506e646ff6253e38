// Request framing for the proxy: finds where each client command ends, its name and (on demand) its arguments,
// without building an argv per command, so that the proxy can forward the client's bytes upstream as they are.
//
// Acceptance, protocol error texts and the moments errors are raised are RequestParser's (the scanner runs the
// same line and length routines, RequestFraming in request-parser.ts), so a command boundary the proxy sees is
// one the node behind it will see in the same bytes, and a stream the node would refuse is refused here first.

import { latin1Slice } from './fast-buffer.js';
import { REQ_MULTIBULK, REQ_NONE, RequestFraming } from './request-parser.js';
import type { ParserLimits } from './request-parser.js';

/** One complete command found by RequestScanner.next(). */
export interface ScannedCommand {
  /** Offset of the command's first byte in the Buffer the next takeComplete() returns. */
  readonly start: number;
  /** Offset just past the command's last byte in that Buffer. */
  readonly end: number;
  /** Number of arguments, the command name included (always >= 1). */
  readonly argc: number;
  /**
   * The first argument with ASCII A-Z lower-cased (what Redis' case-insensitive command lookup compares), as a
   * latin1 binary string.
   */
  readonly name: string;
  /**
   * Every argument as a latin1 binary string, `args[0]` being `name` (lower-cased, not as sent), when the
   * constructor's `wantsArgs(name)` said so; null otherwise (no array is built).
   */
  readonly args: string[] | null;
}

/** Initial size of a scanner-owned buffer. */
const MIN_OWNED = 16 * 1024;
/**
 * Room kept past a pending big bulk when its buffer is sized: the read that completes the bulk usually carries
 * the next commands too (a socket read is at most 64 KB), and they should not force one more copy of the bulk.
 */
const BIG_SLACK = 64 * 1024;
const EMPTY_BUFFER = Buffer.alloc(0);

/**
 * Streaming request scanner. Usage (the proxy's client read loop):
 *
 * ```ts
 * const scanner = new RequestScanner((name) => TRACKED.has(name));
 * socket.on('data', (chunk) => {
 *   scanner.feed(chunk);
 *   try {
 *     for (let cmd = scanner.next(); cmd !== null; cmd = scanner.next()) inFlight.push(cmd.name, cmd.args, cmd.argc);
 *   } catch (e) {
 *     // ProtocolError: the commands before the bad one are still in takeComplete(); reply `-ERR ${e.message}`, close.
 *   }
 *   const batch = scanner.takeComplete(); // every command next() returned, contiguous: one write
 *   if (batch.length > 0) upstream.write(batch);
 * });
 * ```
 *
 * Bytes and offsets: the scanner keeps every byte it was fed until takeComplete() hands it out. takeComplete()
 * returns the bytes of everything next() has consumed since the previous takeComplete() — the commands it
 * returned, in order, plus any empty requests between them — as ONE Buffer, without copying when possible (a
 * view of the fed chunk, or of the scanner's own buffer when a command straddled chunks). A command's `start` /
 * `end` are offsets in that Buffer (they stay valid across feed() calls made before the take). A partially
 * received command is never handed out, so an upstream connection always receives whole commands — on a change
 * of primary the new connection starts at a command boundary, and what was taken but not answered is exactly
 * what is in flight.
 *
 * Handed-out bytes are never written to again (a socket write may hold them in its queue): the scanner appends
 * only past the bytes it holds, and moves to a new buffer rather than compacting one in place.
 *
 * Empty requests (`*0`, `*-N`, blank inline lines) produce no command, but their bytes are consumed and travel
 * in the next takeComplete() (the node skips them exactly as the scanner did, so forwarding them is harmless; a
 * batch may consist of nothing else — it can be forwarded or dropped alike).
 *
 * Inline commands are delimited with Redis's own inline rules (sdssplitargs, so unbalanced quotes are refused
 * here) and forwarded as they were sent; the node parses the same bytes the same way.
 */
export class RequestScanner extends RequestFraming {
  /** `buf` is a fed chunk adopted as-is (false: never written to) or a scanner-owned buffer with spare room past `len`. */
  private owned = false;
  /** Start of the bytes not yet handed out by takeComplete(). */
  private mark = 0;
  /** End of the last complete (possibly empty) request: where the request in progress starts. */
  private done = 0;

  // The multibulk request in progress.
  private argc = 0;
  private name = '';
  private args: string[] | null = null;

  private readonly wantsArgs: ((name: string) => boolean) | undefined;

  /**
   * `wantsArgs(name)` is asked once per command, with its lower-cased name, whether to build `args` (the proxy
   * wants them for the few commands whose effect on the connection it tracks). Limits default to Redis's, as
   * RequestParser's; `limits` and `authRequired` can be changed at any time and apply from the next header.
   */
  constructor(wantsArgs?: (name: string) => boolean, limits?: Partial<ParserLimits>) {
    super(limits);
    this.wantsArgs = wantsArgs;
  }

  /** Bytes fed and not yet handed out by takeComplete(): complete commands waiting to be taken plus a partial one. */
  get bufferedBytes(): number {
    return this.len - this.mark;
  }

  /** Appends a chunk. Never copies when everything fed before was taken (the common case: the chunk is adopted). */
  feed(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    const rest = this.len - this.mark;
    if (rest === 0) {
      // mark <= done <= pos <= len: nothing is held, the scan restarts at a request boundary.
      this.buf = chunk;
      this.owned = false;
      this.mark = this.done = this.pos = 0;
      this.len = n;
      return;
    }
    if (this.owned && this.buf.length - this.len >= n) {
      chunk.copy(this.buf, this.len);
      this.len += n;
      return;
    }
    // A new buffer, never a compaction in place: bytes before `mark` may still be queued in a socket write.
    const total = rest + n;
    // While a bulk's data is awaited (its header read), size the buffer for the whole bulk at once, so that a big
    // one arriving in many reads is copied once instead of at every doubling.
    const want = this.bulkLen >= 0 ? this.pos + this.bulkLen + 2 - this.mark : 0;
    const size = want > total ? want + BIG_SLACK : Math.max(MIN_OWNED, total * 2);
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, this.mark, this.len);
    chunk.copy(nb, rest);
    const shift = this.mark;
    this.buf = nb;
    this.owned = true;
    this.pos -= shift;
    this.done -= shift;
    this.mark = 0;
    this.len = total;
  }

  /**
   * The next complete command, or null when more bytes are needed. Throws ProtocolError (RequestParser's text, at
   * the same point of the stream) on malformed input; the commands returned before it can still be taken, but
   * the scanner is unusable afterwards.
   */
  next(): ScannedCommand | null {
    for (;;) {
      if (this.reqType === REQ_NONE) {
        if (this.pos >= this.len) return null;
        this.startRequest();
      }
      if (this.reqType === REQ_MULTIBULK) {
        if (!this.scanMultibulk()) return null;
      } else {
        const argv = this.readInline();
        if (argv === null) return null;
        this.argc = argv.length;
        if (argv.length > 0) {
          const name = lowerString(argv[0]!);
          this.name = name;
          if (this.wantsArgs !== undefined && this.wantsArgs(name)) {
            argv[0] = name;
            this.args = argv;
          }
        }
      }
      const start = this.done - this.mark;
      this.done = this.pos;
      this.resetRequest();
      const argc = this.argc;
      // *0, *-1 or a blank inline line: consumed (its bytes go with the next take), nothing to report.
      if (argc === 0) continue;
      const args = this.args;
      this.args = null;
      return { start, end: this.pos - this.mark, argc, name: this.name, args };
    }
  }

  /**
   * The bytes of every request next() has completed since the previous call (see the class comment), and
   * forgets them; an empty Buffer when there are none. The Buffer is never modified by the scanner afterwards.
   */
  takeComplete(): Buffer {
    const end = this.done;
    if (end === this.mark) return EMPTY_BUFFER;
    const out = this.buf.subarray(this.mark, end);
    if (end === this.len) {
      // Nothing left: let go of the buffer (the returned view keeps what it needs) so an idle connection pins none.
      this.buf = EMPTY_BUFFER;
      this.owned = false;
      this.mark = this.done = this.pos = this.len = 0;
    } else {
      this.mark = end;
    }
    return out;
  }

  /** processMultibulkBuffer() without building argv: true when the request is complete (argc 0 for `*0`). */
  private scanMultibulk(): boolean {
    if (this.multibulkLen === 0) {
      const count = this.readMultibulkCount();
      if (count < 0) return false;
      this.argc = count;
      if (count === 0) return true;
      this.multibulkLen = count;
    }
    const buf = this.buf;
    while (this.multibulkLen > 0) {
      if (this.bulkLen === -1 && !this.readBulkLength()) return false;
      // Data and the two (unchecked, as in Redis) bytes after it are skipped by length.
      const dataEnd = this.pos + this.bulkLen;
      if (dataEnd + 2 > this.len) return false;
      if (this.multibulkLen === this.argc) {
        const name = lowerLatin1(buf, this.pos, dataEnd);
        this.name = name;
        this.args = this.wantsArgs !== undefined && this.wantsArgs(name) ? [name] : null;
      } else if (this.args !== null) {
        this.args.push(latin1Slice(buf, this.pos, dataEnd));
      }
      this.pos = dataEnd + 2;
      this.bulkLen = -1;
      this.multibulkLen--;
    }
    return true;
  }
}

/** Names up to this long are cached. */
const CACHED_NAME_MAX = 32;
/**
 * Lower-cased names recently seen, by a hash of their bytes: clients repeat a few command names (and replies a
 * few pub/sub kinds), so the hot path finds its string here instead of allocating one. Module-wide: strings are
 * immutable, so every scanner shares the table.
 */
const nameCache: string[] = new Array<string>(256).fill('');

/**
 * Bytes [start, end) of `buf` as a latin1 string with ASCII A-Z lower-cased — C tolower() in the "C" locale,
 * which is what strcasecmp() in Redis's command lookup uses; bytes >= 0x80 are left alone (JS toLowerCase()
 * would fold latin1 letters such as 0xC9). Allocation-free for a cached name.
 * @internal Shared with ReplyScanner.
 */
export function lowerLatin1(buf: Buffer, start: number, end: number): string {
  const n = end - start;
  let slot = 0;
  if (n > 0 && n <= CACHED_NAME_MAX) {
    // Slot from the length and three bytes (| 0x20 folds case): cheap, and it separates the names a client
    // alternates between (get/set, hget/hset, lpush/rpush, incr/decr...). A collision only costs a miss.
    slot = (n * 29 + (buf[start]! | 0x20) * 7 + (buf[start + 1 < end ? start + 1 : start]! | 0x20) * 3 + (buf[end - 1]! | 0x20)) & 255;
    const cached = nameCache[slot]!;
    if (cached.length === n) {
      let i = 0;
      for (; i < n; i++) {
        let c = buf[start + i]!;
        if (c >= 65 && c <= 90) c += 32;
        if (c !== cached.charCodeAt(i)) break;
      }
      if (i === n) return cached;
    }
  }
  let high = false;
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 128) {
      high = true;
      break;
    }
  }
  const raw = latin1Slice(buf, start, end);
  const s = high ? lowerAsciiOnly(raw) : raw.toLowerCase();
  if (n > 0 && n <= CACHED_NAME_MAX) nameCache[slot] = s;
  return s;
}

/** lowerLatin1() for a string (inline commands, whose arguments come out of sdssplitargs as strings). */
function lowerString(s: string): string {
  return /[\x80-\xff]/.test(s) ? lowerAsciiOnly(s) : s.toLowerCase();
}

/** Lower-cases A-Z only (see lowerLatin1). Rare path: names with bytes >= 0x80 or longer than the cache holds. */
function lowerAsciiOnly(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
