import type { Socket } from 'node:net';
import { ProtocolError, ReplyWriter, RequestParser } from '@understudy/resp';

/**
 * Redis's client-query-buffer-limit default (1 GB): a client that sends more without completing a command is
 * dropped, as Redis drops it.
 */
const QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024;
/**
 * client-output-buffer-limit pubsub's hard limit (32 MB): a subscriber that stops reading is dropped rather
 * than let its unsent events grow without bound.
 */
const OUTPUT_BUFFER_LIMIT = 32 * 1024 * 1024;

/** What a connection needs from the server that owns it. */
export interface ConnectionHost {
  /** Runs one parsed command for this connection (the dispatcher). */
  execute(conn: Connection, args: string[]): void;
  /** The connection is gone: forget its subscriptions and its entry in the client list. */
  removed(conn: Connection): void;
  countInput(bytes: number): void;
  countOutput(bytes: number): void;
  countError(): void;
  /** Wall clock, ms. */
  wallNow(): number;
}

/** One client of the Sentinel API: its socket, parser, reply buffer and the client state Redis keeps. */
export class Connection {
  readonly reply = new ReplyWriter(2);
  readonly parser = new RequestParser();
  /** CLIENT SETNAME ('' = none). */
  name = '';
  /** Subscribed channels and patterns (latin1 binary strings), in subscription order. */
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  /** The last command run, as CLIENT LIST's cmd= shows it ("NULL" before the first). */
  lastCommand = 'NULL';
  /** argv-mem of the command being run (CLIENT LIST / INFO of the caller). */
  currentArgvBytes = 0;
  /** CLIENT REPLY OFF, and SKIP (the next command's reply). */
  replyOff = false;
  skipNext = false;
  noEvict = false;
  readonly createdAt: number;
  lastInteraction: number;
  readonly remoteAddress: string;
  readonly localAddress: string;
  private processing = false;
  private flushScheduled = false;
  private closed = false;
  closing = false;

  constructor(
    readonly id: number,
    private readonly host: ConnectionHost,
    private readonly socket: Socket,
  ) {
    this.createdAt = this.lastInteraction = host.wallNow();
    this.remoteAddress = formatAddress(socket.remoteAddress, socket.remotePort);
    this.localAddress = formatAddress(socket.localAddress, socket.localPort);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.teardown());
    socket.on('close', () => this.teardown());
  }

  get protocol(): 2 | 3 {
    return this.reply.protocol;
  }

  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size;
  }

  get fd(): number {
    return (this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
  }

  get queryBufferBytes(): number {
    return this.parser.bufferedBytes;
  }

  get outputBufferBytes(): number {
    return this.reply.pending + this.socket.writableLength;
  }

  error(message: string): void {
    this.reply.error(message);
    this.host.countError();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.host.countInput(chunk.length);
    this.lastInteraction = this.host.wallNow();
    this.parser.feed(chunk);
    if (this.parser.bufferedBytes > QUERY_BUFFER_LIMIT) {
      this.close(true);
      return;
    }
    this.processing = true;
    try {
      while (!this.closing) {
        let args: string[] | null;
        try {
          args = this.parser.next();
        } catch (err) {
          // Redis answers a malformed request with the protocol error, then closes the connection.
          this.error(err instanceof ProtocolError ? `ERR ${err.message}` : 'ERR Protocol error: bad request');
          this.close();
          break;
        }
        if (args === null) break;
        this.runOne(args);
      }
    } finally {
      this.processing = false;
    }
    this.flush();
  }

  private runOne(args: string[]): void {
    const skip = this.skipNext;
    this.skipNext = false;
    const mark = this.reply.mark();
    let bytes = 0;
    for (const a of args) bytes += a.length;
    this.currentArgvBytes = bytes;
    this.host.execute(this, args);
    this.currentArgvBytes = 0;
    if (this.replyOff || skip) this.reply.discardSince(mark);
  }

  /** Writes out what is pending now, or soon when called in the middle of a command batch. */
  requestFlush(): void {
    if (this.processing || this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.closed) return;
    const chunks = this.reply.take();
    if (chunks.length === 0) return;
    let bytes = 0;
    if (chunks.length > 1) this.socket.cork();
    for (const chunk of chunks) {
      bytes += chunk.length;
      this.socket.write(chunk);
    }
    if (chunks.length > 1) this.socket.uncork();
    this.host.countOutput(bytes);
    if (this.socket.writableLength > OUTPUT_BUFFER_LIMIT) this.close(true);
  }

  /** Closes after the pending replies are out (QUIT-like), or at once with `now`. */
  close(now = false): void {
    if (this.closed) return;
    this.closing = true;
    if (now) {
      this.socket.destroy();
      this.teardown();
      return;
    }
    queueMicrotask(() => {
      this.flush();
      this.socket.end(() => this.socket.destroy());
      this.teardown();
    });
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing = true;
    this.host.removed(this);
  }
}

function formatAddress(host: string | undefined, port: number | undefined): string {
  if (!host) return '?:0';
  const plain = host.startsWith('::ffff:') ? host.slice(7) : host;
  // anetFormatAddr: IPv6 addresses in brackets.
  return plain.includes(':') ? `[${plain}]:${port ?? 0}` : `${plain}:${port ?? 0}`;
}
