import type { Address } from './view.js';

/**
 * The instance descriptions Redis Sentinel's events carry (sentinel.c sentinelEvent with "%@"):
 * "master mymaster 127.0.0.1 6379" for a primary, "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379"
 * for a replica, "sentinel <runid> <ip> <port> @ mymaster 127.0.0.1 6379" for a peer.
 */
export function describeMaster(name: string, master: Address): string {
  return `master ${name} ${master.host} ${master.port}`;
}

export function describeReplica(replica: Address, name: string, master: Address): string {
  return `slave ${replica.host}:${replica.port} ${replica.host} ${replica.port} @ ${name} ${master.host} ${master.port}`;
}

export function describeSentinel(id: string, peer: Address, name: string, master: Address): string {
  return `sentinel ${id} ${peer.host} ${peer.port} @ ${name} ${master.host} ${master.port}`;
}
