import type { NodeServer } from '../server/node-server.js';
import { ReplicaLink } from './replica-link.js';

/**
 * The node's place in replication and the moves between them (replication.c replicationSetMaster /
 * replicationUnsetMaster): a primary, or a replica following a primary through a ReplicaLink.
 */
export class Replication {
  /** The link to the primary while this node is a replica. */
  link: ReplicaLink | null = null;

  constructor(private readonly node: NodeServer) {}

  /** REPLICAOF host port: false if this node already follows that primary. */
  followPrimary(host: string, port: number): boolean {
    const node = this.node;
    if (this.link !== null && this.link.host === host && this.link.port === port) return false;
    this.link?.stop();
    node.role = 'slave';
    // Replies held for acknowledgements of this history can never be released now: close those connections.
    node.replicas.held.review();
    // A replica's keys expire only when its primary says so (a DEL in the stream); reads still hide them.
    node.keyspace.setDeleteExpired(false);
    // Clients blocked on keys would wait for writes that can only come from the primary now.
    node.blocking.unblockAll('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
    node.logger.info({ primary: `${host}:${port}` }, 'Connecting to MASTER');
    this.link = new ReplicaLink(node, host, port);
    this.link.start();
    return true;
  }

  /**
   * REPLICAOF NO ONE: a promotion. The history continues under a new replication id; the old one stays
   * valid up to this offset, so replicas of the same former primary can continue from this node.
   */
  becomePrimary(): void {
    const node = this.node;
    if (this.link === null) return;
    this.link.stop();
    this.link = null;
    node.role = 'master';
    node.keyspace.setDeleteExpired(true);
    node.log.shiftReplicationId();
    node.logger.info({ replid: node.log.replid, replid2: node.log.replid2 }, 'MASTER MODE enabled');
  }

  /** Shutdown: the link ends without further attempts. */
  stop(): void {
    this.link?.stop();
  }
}
