import type { Socket } from 'node:net';
import { ProtocolError, ReplyWriter, RequestParser } from '@understudy/resp';
import type { Client, ClientTransport } from './client.js';
import type { NodeServer } from './node-server.js';

/**
 * The thin driver between one socket and the node: bytes in -> parser -> dispatcher, and every reply produced
 * while handling one read written back with one socket write (DESIGN.md §6: pipelining costs nearly nothing).
 */
export class Connection implements ClientTransport {
  readonly client: Client;
  private readonly parser: RequestParser;
  /** A command held back by CLIENT PAUSE, run first when the pause ends. */
  private held: string[] | null = null;
  private processing = false;
  private flushScheduled = false;
  private closed = false;
  /** Bytes of the read batch being processed: Redis trims its query buffer only after the whole batch. */
  private batchBytes = 0;
  readonly remoteAddress: string;
  readonly localAddress: string;

  constructor(
    private readonly node: NodeServer,
    private readonly socket: Socket,
  ) {
    this.client = node.createClient(this);
    this.parser = new RequestParser({ maxBulkLen: node.inputLimits.bulk });
    this.parser.authRequired = !this.client.authenticated;
    this.remoteAddress = formatAddress(socket.remoteAddress, socket.remotePort);
    this.localAddress = formatAddress(socket.localAddress, socket.localPort);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.teardown());
    socket.on('close', () => this.teardown());
  }

  get fd(): number {
    return (this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
  }

  /** Redis's qbuf: while a batch runs it still holds that batch, the running command included. */
  get queryBufferBytes(): number {
    return this.processing ? this.batchBytes : this.parser.bufferedBytes;
  }

  private onData(chunk: Buffer): void {
    if (this.client.closing) return;
    this.node.stats.netInputBytes += chunk.length;
    this.client.lastInteraction = this.node.clock.now();
    this.parser.feed(chunk);
    if (this.parser.bufferedBytes > this.node.inputLimits.queryBuffer) {
      // Redis drops such a client without a reply ("closing client that reached max query buffer length").
      this.close(true);
      return;
    }
    this.process();
    this.flush();
  }

  /** Runs every complete command buffered, unless paused or closing. */
  private process(): void {
    if (this.processing) return;
    this.processing = true;
    this.batchBytes = this.parser.bufferedBytes;
    try {
      const client = this.client;
      const dispatcher = this.node.dispatcher;
      const limits = this.parser.limits;
      limits.maxBulkLen = this.node.inputLimits.bulk;
      // A client that blocked (BLPOP...) runs nothing more until served: BlockingRegistry resumes it.
      while (!client.closing && !client.blocked) {
        let args = this.held;
        this.held = null;
        if (args === null) {
          try {
            args = this.parser.next();
          } catch (err) {
            // A protocol error gets Redis's text; anything else is still the client's bad input, never a crash.
            client.error(err instanceof ProtocolError ? `ERR ${err.message}` : 'ERR Protocol error: bad request');
            client.closing = true;
            this.close();
            return;
          }
          if (args === null) return;
        }
        if (client.skipNextReply) {
          // CLIENT REPLY SKIP: this command's reply is dropped, unless the command changes the mode itself.
          client.skipNextReply = false;
          if (client.replyMode === 'on') client.replyMode = 'skip';
        }
        const mark = client.reply.mark();
        // Replies that will be dropped: push frames written meanwhile are collected apart and kept.
        if (client.replyMode !== 'on') client.pushes = new ReplyWriter(client.reply.protocol);
        let result;
        try {
          result = dispatcher.execute(client, args);
        } catch (err) {
          // A bug in one handler must not take the node down: answer the command with the error and go on.
          this.node.logger.error({ err, command: args[0] }, 'command handler failed');
          client.error(`ERR internal error executing '${args[0]}': ${(err as Error).message}`);
          result = 'done';
        }
        if (result === 'paused') {
          client.pushes = client.reply;
          this.held = args;
          return;
        }
        if (client.replyMode !== 'on') client.reply.discardSince(mark);
        if (client.pushes !== client.reply) {
          for (const chunk of client.pushes.take()) client.reply.raw(chunk);
          client.pushes = client.reply;
        }
        if (client.replyMode === 'skip') client.replyMode = 'on';
        this.parser.authRequired = !client.authenticated;
      }
    } finally {
      this.processing = false;
    }
  }

  requestFlush(): void {
    if (this.flushScheduled || this.processing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.closed) return;
    const chunks = this.client.reply.take();
    if (chunks.length === 0) return;
    let bytes = 0;
    if (chunks.length === 1) {
      bytes = chunks[0]!.length;
      this.socket.write(chunks[0]!);
    } else {
      this.socket.cork();
      for (const chunk of chunks) {
        bytes += chunk.length;
        this.socket.write(chunk);
      }
      this.socket.uncork();
    }
    this.node.stats.netOutputBytes += bytes;
  }

  resume(): void {
    if (this.closed) return;
    this.process();
    this.flush();
  }

  close(now = false): void {
    if (this.closed) return;
    this.client.closing = true;
    if (now) {
      this.socket.destroy();
      this.teardown();
      return;
    }
    // Pending replies (QUIT's +OK, a protocol error) go out first.
    queueMicrotask(() => {
      this.flush();
      // Like Redis's close(fd) once the reply is out: fully closed, so a client still writing gets a reset
      // instead of a half-open connection that swallows its bytes.
      this.socket.end(() => this.socket.destroy());
      this.teardown();
    });
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.closing = true;
    this.node.removeClient(this.client);
  }
}

function formatAddress(host: string | undefined, port: number | undefined): string {
  if (!host) return '?:0';
  const plain = host.startsWith('::ffff:') ? host.slice(7) : host;
  return `${plain}:${port ?? 0}`;
}
