import type { ClientTransport } from '../server/client.js';

/**
 * The ClientTransport of a replication stream's Client (a replica's Sync stream on the primary, the link to
 * the primary on a replica): it carries no RESP of its own, but lets CLIENT LIST show the stream and CLIENT
 * KILL cut it.
 */
export class StreamTransport implements ClientTransport {
  readonly fd = -1;
  readonly queryBufferBytes = 0;

  constructor(
    readonly remoteAddress: string,
    readonly localAddress: string,
    private readonly cut: () => void,
  ) {}

  requestFlush(): void {
    // Nothing to flush: the stream's own bytes go through gRPC.
  }

  close(): void {
    this.cut();
  }

  resume(): void {
    // Never paused: the stream reads no commands.
  }
}

/** "ipv4:127.0.0.1:5000" / "ipv6:[::1]:5000" (grpc-js getPeer) as Redis's "ip:port". */
export function peerAddress(peer: string): string {
  return peer.replace(/^ipv[46]:/, '').replace(/^\[([^\]]*)\]/, '$1');
}
