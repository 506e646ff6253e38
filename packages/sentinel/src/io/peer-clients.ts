import { grpc, sentinelPackage, type SentinelClient } from '@understudy/grpc';
import type { Hello, IsDownReply, IsDownRequest, PeerRef } from '../core/types.js';
import { helloToMessage, isDownToMessage } from './convert.js';
import { CHANNEL_OPTIONS, grpcTarget } from './grpc-options.js';

/** Calls to peer sentinels' Sentinel service: is-master-down questions and votes, and direct hellos. */
export class PeerClients {
  private readonly clients = new Map<string, SentinelClient>();

  isMasterDown(peer: PeerRef, request: IsDownRequest, timeoutMs: number): Promise<IsDownReply | null> {
    return new Promise((resolve) => {
      this.clientFor(peer).IsMasterDown(isDownToMessage(request), { deadline: Date.now() + timeoutMs }, (err, reply) => {
        resolve(err || !reply ? null : { down: reply.down, leaderId: reply.leaderId, leaderEpoch: reply.leaderEpoch });
      });
    });
  }

  hello(peer: PeerRef, hello: Hello, timeoutMs: number): void {
    this.clientFor(peer).Hello(helloToMessage(hello), { deadline: Date.now() + timeoutMs }, () => {
      // Best effort: the same hello also travels through the nodes with every probe.
    });
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  private clientFor(peer: PeerRef): SentinelClient {
    const address = grpcTarget(peer.host, peer.grpcPort);
    let client = this.clients.get(address);
    if (client === undefined) {
      client = new (sentinelPackage().Sentinel)(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.clients.set(address, client);
    }
    return client;
  }
}
