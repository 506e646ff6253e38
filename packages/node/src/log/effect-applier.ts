import { RequestParser } from '@understudy/resp';
import type { Client } from '../server/client.js';
import type { NodeServer } from '../server/node-server.js';

/** What to do when an applied effect answers with an error (the command, the error reply's text). */
export type EffectErrorHandler = (command: string, reply: string) => void;

/**
 * Applies effect-log bytes (the AOF format: RESP arrays, SELECTs, MULTI/EXEC) to a node through its own
 * dispatcher, as a client whose replies nobody reads, with no key expiring meanwhile (the log says when keys
 * go). Used to replay a log into a fresh store, by a replica's link to apply its primary's stream, and later
 * by AOF loading.
 */
export class EffectApplier {
  private readonly parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });

  /**
   * `client` runs the effects (by default an internal one that must obey); `onError` hears of an effect that
   * failed (by default: throw, as a replayed log that fails is corrupt).
   */
  constructor(
    private readonly node: NodeServer,
    private readonly client: Client = obeyingClient(node),
    private readonly onError: EffectErrorHandler = throwEffectError,
  ) {}

  /** Applies every complete command in `bytes`; a partial one waits for the next call. */
  feed(bytes: Buffer): number {
    const { node, client } = this;
    this.parser.feed(bytes);
    let applied = 0;
    node.keyspace.setApplyingStream(true);
    try {
      for (let args = this.parser.next(); args !== null; args = this.parser.next()) {
        node.dispatcher.execute(client, args);
        const first = client.reply.take()[0];
        applied++;
        // EXEC answers an error for a transaction the log itself aborted: that is not a failed effect.
        if (first !== undefined && first[0] === 0x2d /* - */ && args[0]!.toLowerCase() !== 'exec') {
          this.onError(args[0]!, first.toString('latin1').trim());
        }
      }
    } finally {
      node.keyspace.setApplyingStream(false);
    }
    return applied;
  }
}

function obeyingClient(node: NodeServer): Client {
  const client = node.createClient(null);
  client.mustObey = true;
  return client;
}

function throwEffectError(command: string, reply: string): void {
  throw new Error(`effect ${command} failed: ${reply}`);
}
