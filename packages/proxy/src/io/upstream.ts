import { connect, type Socket } from 'node:net';

/**
 * One client's connection to the primary. It only moves bytes; the session decides what they mean. Writes made
 * before the connection opens wait in the socket. `onConnect` says it opened, `onData` gets every chunk as it arrives, `onClose` once when
 * the connection ends for any reason (`error` set when it failed or dropped rather than being closed by us);
 * `connected` says whether it ever opened (if not, nothing written reached the primary).
 */
export class Upstream {
  private readonly socket: Socket;
  private closedByUs = false;
  private ended = false;
  connected = false;

  constructor(
    readonly host: string,
    readonly port: number,
    onConnect: () => void,
    onData: (chunk: Buffer) => void,
    private readonly onClose: (error: string | null) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('connect', () => {
      this.connected = true;
      onConnect();
    });
    this.socket.on('data', onData);
    this.socket.on('error', (err) => this.end(err.message));
    this.socket.on('close', () => this.end('connection closed by the primary'));
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Several writes leave in one system call. */
  cork(): void {
    this.socket.cork();
  }

  uncork(): void {
    this.socket.uncork();
  }

  /** Stops reading (the client is not reading its replies: back-pressure) or starts again. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.closedByUs = true;
    this.socket.destroy();
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    this.onClose(this.closedByUs ? null : reason);
  }
}
