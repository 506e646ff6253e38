import type { Socket } from 'node:net';
import { ProtocolError, ReplyWriter, RequestParser } from '@understudy/resp';
import { splitChunks } from '../replication/core/semi-sync.js';
import type { HeldConnection } from '../replication/held-replies.js';
import type { Client, ClientTransport } from './client.js';
import type { NodeServer } from './node-server.js';

/**
 * The thin driver between one socket and the node: bytes in -> parser -> dispatcher, and every reply produced
 * while handling one read written back with one socket write (DESIGN.md §6: pipelining costs nearly nothing).
 *
 * With min-replicas-to-write N > 0 on a primary, a read batch that wrote keeps its replies from the first
 * write on until N replicas acknowledged the batch's last write (replication/core/semi-sync.ts says why this
 * deviates from Redis): the replies before that write go at once, the rest of the batch still runs (its
 * replies join the held ones, so pipelining stays one wait per batch), and the connection reads nothing more
 * until the replicas' acknowledgement releases them, or their loss closes it without them.
 */
export class Connection implements ClientTransport, HeldConnection {
  readonly client: Client;
  private readonly parser: RequestParser;
  /** A command held back by CLIENT PAUSE, run first when the pause ends. */
  private held: string[] | null = null;
  private processing = false;
  private flushScheduled = false;
  private closed = false;
  /** Bytes of the read batch being processed: Redis trims its query buffer only after the whole batch. */
  private batchBytes = 0;
  /**
   * min-replicas-to-write: the log offset of the last write among the replies not yet sent (0: none), and the
   * reply-writer mark where the first such write's reply begins.
   */
  private unackedOffset = 0;
  private unackedMark = 0;
  /** Replies waiting for replicas' acknowledgements, in order, or null when none wait. */
  private heldReplies: Buffer[] | null = null;
  /** A close that must wait until the held replies are sent (QUIT after a write): done on their release. */
  private closeWhenReleased = false;
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

  /** Runs every complete command buffered, unless paused, closing or waiting for replicas. */
  private process(): void {
    if (this.processing || this.heldReplies !== null) return;
    this.processing = true;
    this.batchBytes = this.parser.bufferedBytes;
    try {
      const client = this.client;
      // Judged once per batch, so that min-replicas-to-write 0 costs one integer check. Replicas' own
      // connections never wait (their stream would stall); the primary's link is no Connection.
      const semiSync = this.node.minReplicasToWrite !== 0 && this.node.role === 'master' && !client.isReplica;
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
        const writeOffset = client.writeOffset;
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
        if (semiSync && client.writeOffset !== writeOffset) {
          if (this.unackedOffset === 0) this.unackedMark = mark;
          this.unackedOffset = client.writeOffset;
        }
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
    if (this.closed || this.heldReplies !== null) return;
    if (this.unackedOffset !== 0 && this.holdForReplicas()) return;
    this.send(this.client.reply.take());
  }

  private send(chunks: Buffer[]): void {
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

  /**
   * min-replicas-to-write: unless replicas already acknowledged the batch's writes, sends the replies before
   * the first of them and holds the rest, reading nothing more until HeldReplies releases or drops them.
   * False if everything may go now.
   */
  private holdForReplicas(): boolean {
    const held = this.node.replicas.held;
    const verdict = held.verdict(this.unackedOffset);
    if (verdict === 'release') {
      this.unackedOffset = 0;
      return false;
    }
    const reply = this.client.reply;
    const pendingStart = reply.mark() - reply.pending;
    const [now, later] = splitChunks(reply.take(), Math.max(0, this.unackedMark - pendingStart));
    this.send(now);
    this.heldReplies = later;
    if (verdict === 'drop') {
      this.dropHeld();
      return true;
    }
    this.socket.pause();
    held.hold(this);
    return true;
  }

  get heldOffset(): number {
    return this.unackedOffset;
  }

  releaseHeld(): void {
    const held = this.heldReplies;
    if (held === null || this.closed) return;
    this.heldReplies = null;
    this.unackedOffset = 0;
    // Then what was written meanwhile (pub/sub messages, a WAIT's answer), in order.
    for (const chunk of this.client.reply.take()) held.push(chunk);
    this.send(held);
    if (this.closeWhenReleased) return this.closeAfterReplies();
    this.socket.resume();
    // Commands buffered meanwhile run on the next turn, never inside the acknowledgement that released them.
    setImmediate(() => this.resume());
  }

  dropHeld(): void {
    this.node.logger.warn(
      { client: this.client.id, addr: this.remoteAddress, offset: this.unackedOffset },
      'Closing a client whose writes replicas can no longer acknowledge (min-replicas-to-write)',
    );
    this.close(true);
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
    queueMicrotask(() => this.closeAfterReplies());
  }

  private closeAfterReplies(): void {
    if (this.closed) return;
    this.flush();
    // Replies waiting for replicas go first too: the close follows their release (their drop closes at once).
    if (this.heldReplies !== null) {
      this.closeWhenReleased = true;
      return;
    }
    // Like Redis's close(fd) once the reply is out: fully closed, so a client still writing gets a reset
    // instead of a half-open connection that swallows its bytes.
    this.socket.end(() => this.socket.destroy());
    this.teardown();
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.closing = true;
    if (this.heldReplies !== null) this.node.replicas.held.forget(this);
    this.node.removeClient(this.client);
  }
}

function formatAddress(host: string | undefined, port: number | undefined): string {
  if (!host) return '?:0';
  const plain = host.startsWith('::ffff:') ? host.slice(7) : host;
  return `${plain}:${port ?? 0}`;
}
