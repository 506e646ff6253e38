import { connect, type Socket } from 'node:net';
import { encodeCommand, ReplyParser, type RespValue } from '@understudy/resp';

/**
 * A bare RESP client for the tests: the exact bytes received (for byte-for-byte checks) and the parsed
 * replies, in order (pushes included), each awaited with a deadline.
 */
export class RespTestClient {
  private received = Buffer.alloc(0);
  private readonly parser = new ReplyParser();
  private readonly values: RespValue[] = [];
  closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      this.parser.feed(d);
      for (let v = this.parser.next(); v !== undefined; v = this.parser.next()) this.values.push(v);
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  static open(port: number, host = '127.0.0.1'): Promise<RespTestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new RespTestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Raw bytes, as a latin1 string. */
  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** All bytes received so far, as a latin1 string. */
  text(): string {
    return this.received.toString('latin1');
  }

  /** Sends one command and resolves with its bytes: exactly the reply, once `expectedLength` bytes arrived. */
  async rawCall(args: string[], expectedLength: number, timeoutMs = 3_000): Promise<string> {
    const start = this.received.length;
    this.values.length = 0;
    this.send(encodeCommand(args));
    await this.until(() => this.received.length - start >= expectedLength, timeoutMs);
    return this.received.subarray(start).toString('latin1');
  }

  /** Sends raw bytes and waits until exactly `expected` arrived after them; returns what arrived. */
  async exchange(bytes: string, expected: string, timeoutMs = 3_000): Promise<string> {
    const start = this.received.length;
    this.send(bytes);
    try {
      await this.until(() => this.received.length - start >= expected.length, timeoutMs);
    } catch {
      // Fall through: the comparison shows what came instead.
    }
    // Anything beyond what was expected (a stray extra reply) must show up too.
    await new Promise((r) => setImmediate(r));
    // These bytes were checked raw: their parsed values must not answer a later call().
    this.values.length = 0;
    return this.received.subarray(start).toString('latin1');
  }

  /** Sends a command and returns the next parsed value. */
  async call(...args: string[]): Promise<RespValue> {
    this.send(encodeCommand(args));
    return this.next();
  }

  /** The next parsed value (reply or push), with a deadline. */
  async next(timeoutMs = 3_000): Promise<RespValue> {
    await this.until(() => this.values.length > 0, timeoutMs);
    return this.values.shift()!;
  }

  get pending(): number {
    return this.values.length;
  }

  async until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`timed out; received so far: ${JSON.stringify(this.text().slice(-400))}`);
      }
      if (this.closed) throw new Error(`connection closed; received: ${JSON.stringify(this.text().slice(-400))}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async waitClosed(timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the connection was not closed');
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A RESP value as plain JS, for readable assertions: bulks and simple strings as strings, maps as pairs. */
export function plain(v: RespValue): unknown {
  switch (v.type) {
    case 'simple':
      return v.value;
    case 'error':
      return { error: v.value };
    case 'integer':
      return Number(v.value);
    case 'bulk':
      return v.value.toString('latin1');
    case 'verbatim':
      return v.value.toString('latin1');
    case 'null':
      return null;
    case 'array':
    case 'set':
    case 'push':
      return v.items.map(plain);
    case 'map':
    case 'attribute':
      return v.entries.map(([k, val]) => [plain(k), plain(val)]);
    case 'double':
    case 'boolean':
    case 'bignum':
      return v.value;
  }
}

/** A flat RESP2 field/value array or a RESP3 map, as [field, value] pairs. */
export function pairs(v: RespValue): [string, string][] {
  if (v.type === 'map') return v.entries.map(([k, val]) => [String(plain(k)), String(plain(val))]);
  if (v.type !== 'array') throw new Error(`not a field list: ${JSON.stringify(plain(v))}`);
  const out: [string, string][] = [];
  for (let i = 0; i < v.items.length; i += 2) out.push([String(plain(v.items[i]!)), String(plain(v.items[i + 1]!))]);
  return out;
}

/** RESP bulk string bytes. */
export function bulk(s: string): string {
  return `$${Buffer.byteLength(s, 'latin1')}\r\n${s}\r\n`;
}

/** A RESP2 array of bulks. */
export function bulks(...items: string[]): string {
  return `*${items.length}\r\n${items.map(bulk).join('')}`;
}
