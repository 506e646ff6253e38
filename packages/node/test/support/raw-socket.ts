import { connect, type Socket } from 'node:net';

/** A plain TCP connection for tests that send bytes no client library would. */
export class RawConnection {
  private received = Buffer.alloc(0);
  closed = false;
  private readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (d: Buffer) => (this.received = Buffer.concat([this.received, d])));
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  text(): string {
    return this.received.toString('latin1');
  }

  /** Waits until the received bytes satisfy `condition` (or the server closes), with a deadline. */
  async waitFor(condition: (text: string) => boolean, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this.text())) {
      if (this.closed) break;
      if (Date.now() > deadline) throw new Error(`timed out; received so far: ${JSON.stringify(this.text().slice(0, 300))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.text();
  }

  async waitForClose(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection was not closed');
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
