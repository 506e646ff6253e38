import { connect, type Socket } from 'node:net';
import { encodeCommand, ReplyScanner } from '@understudy/resp';

/** A command as its arguments (encoded as a RESP multibulk), or raw bytes sent as they are (inline, malformed...). */
export type Input = readonly string[] | string | Buffer;

/**
 * A raw RESP connection that reads replies by count: call() sends bytes and returns exactly the bytes of the next
 * `replies` top-level replies (pushes included), so the same script run against the node and against the proxy
 * yields per-step byte strings that can be compared as they are.
 */
export class RawSession {
  private received = Buffer.alloc(0);
  /** Offset past the last reply a call() returned. */
  private consumed = 0;
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => (this.received = Buffer.concat([this.received, d])));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  static open(port: number): Promise<RawSession> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => resolve(new RawSession(socket)));
      socket.once('error', reject);
    });
  }

  send(input: Input): void {
    this.socket.write(toBytes(input));
  }

  /** Sends `input`, then waits (with a deadline) for `replies` whole replies and returns their bytes (latin1). */
  async call(input: Input, replies = 1, timeoutMs = 5_000): Promise<string> {
    this.send(input);
    return this.read(replies, timeoutMs);
  }

  /** The bytes of the next `replies` replies, once they are all here. */
  async read(replies = 1, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = endOfReplies(this.received.subarray(this.consumed), replies);
      if (end >= 0) {
        const text = this.received.toString('latin1', this.consumed, this.consumed + end);
        this.consumed += end;
        return text;
      }
      if (this.closed) return `${this.pending()}<closed>`;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${replies} replies; got ${JSON.stringify(this.pending().slice(0, 300))}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Bytes received and not returned by a call() yet. */
  pending(): string {
    return this.received.toString('latin1', this.consumed);
  }

  /** Waits until the server closes the connection; returns the bytes that came and were not read. */
  async closedWith(timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`the connection was not closed; got ${JSON.stringify(this.pending().slice(0, 300))}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    return this.pending();
  }

  close(): void {
    this.socket.destroy();
  }
}

function toBytes(input: Input): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'latin1');
  if (Buffer.isBuffer(input)) return input;
  return encodeCommand(input as string[]);
}

/** Where the `count`-th complete reply in `bytes` ends, or -1 when they are not all there yet. */
function endOfReplies(bytes: Buffer, count: number): number {
  if (count === 0) return 0;
  const scanner = new ReplyScanner();
  if (scanner.feed(bytes) < count) return -1;
  let end = -1;
  for (let i = 0; i < count; i++) end = scanner.next(false)!.end;
  return end;
}
