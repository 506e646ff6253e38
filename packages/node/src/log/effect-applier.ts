import { RequestParser } from '@understudy/resp';
import type { Client } from '../server/client.js';
import type { NodeServer } from '../server/node-server.js';

/**
 * Applies effect-log bytes (the AOF format: RESP arrays, SELECTs, MULTI/EXEC) to a node through its own
 * dispatcher, as an internal client whose replies nobody reads. Used to replay a log into a fresh store and,
 * later, by replicas applying their primary's stream and by AOF loading.
 */
export class EffectApplier {
  private readonly parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
  private readonly client: Client;

  constructor(private readonly node: NodeServer) {
    this.client = node.createClient(null);
    this.client.mustObey = true;
  }

  /** Applies every complete command in `bytes`; a partial one waits for the next call. */
  feed(bytes: Buffer): number {
    this.parser.feed(bytes);
    let applied = 0;
    for (let args = this.parser.next(); args !== null; args = this.parser.next()) {
      this.node.keyspace.setApplyingStream(true);
      try {
        this.node.dispatcher.execute(this.client, args);
      } finally {
        this.node.keyspace.setApplyingStream(false);
      }
      const errors = this.client.reply.take();
      applied++;
      const first = errors[0];
      if (first !== undefined && first[0] === 0x2d /* - */ && args[0]!.toLowerCase() !== 'exec') {
        throw new Error(`effect ${args[0]} failed: ${first.toString('latin1').trim()}`);
      }
    }
    return applied;
  }
}
