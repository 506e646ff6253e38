import { globMatch } from '@understudy/resp';
import type { Client } from '../server/client.js';

/**
 * Channel, pattern and shard-channel subscriptions and message delivery. Messages go straight into each
 * subscriber's push writer as RESP3 push frames (RESP2: plain arrays) and the subscriber's transport is asked
 * to flush. Shard channels (SSUBSCRIBE/SPUBLISH) are a namespace of their own without patterns, which in a
 * non-cluster server behaves like a second set of channels (pubsub.c pubSubShardType).
 */
export class PubSub {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();

  subscribe(client: Client, channel: string): boolean {
    return join(client.channels, this.channels, client, channel);
  }

  unsubscribe(client: Client, channel: string): boolean {
    return leave(client.channels, this.channels, client, channel);
  }

  psubscribe(client: Client, pattern: string): boolean {
    return join(client.patterns, this.patterns, client, pattern);
  }

  punsubscribe(client: Client, pattern: string): boolean {
    return leave(client.patterns, this.patterns, client, pattern);
  }

  ssubscribe(client: Client, channel: string): boolean {
    return join(client.shardChannels, this.shardChannels, client, channel);
  }

  sunsubscribe(client: Client, channel: string): boolean {
    return leave(client.shardChannels, this.shardChannels, client, channel);
  }

  /** Drops every subscription of a client that goes away or RESETs (no replies are written). */
  removeClient(client: Client): void {
    for (const channel of [...client.channels]) this.unsubscribe(client, channel);
    for (const pattern of [...client.patterns]) this.punsubscribe(client, pattern);
    for (const channel of [...client.shardChannels]) this.sunsubscribe(client, channel);
  }

  /** Delivers a message; returns how many subscriptions received it (PUBLISH's reply). */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subs = this.channels.get(channel);
    if (subs) {
      for (const client of subs) {
        const out = client.pushes;
        out.pushHeader(3);
        out.bulk('message');
        out.bulk(channel);
        out.bulk(message);
        client.transport?.requestFlush();
        receivers++;
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        for (const client of clients) {
          const out = client.pushes;
          out.pushHeader(4);
          out.bulk('pmessage');
          out.bulk(pattern);
          out.bulk(channel);
          out.bulk(message);
          client.transport?.requestFlush();
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard subscribers only (shard channels ignore patterns). */
  spublish(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel);
    if (!subs) return 0;
    for (const client of subs) {
      const out = client.pushes;
      out.pushHeader(3);
      out.bulk('smessage');
      out.bulk(channel);
      out.bulk(message);
      client.transport?.requestFlush();
    }
    return subs.size;
  }
}

/** Adds `name` to a client's own set and the client to the node's map; false if it was there already. */
function join(own: Set<string>, all: Map<string, Set<Client>>, client: Client, name: string): boolean {
  if (own.has(name)) return false;
  own.add(name);
  let subs = all.get(name);
  if (!subs) all.set(name, (subs = new Set()));
  subs.add(client);
  return true;
}

/** The reverse of join; false if the client was not subscribed. */
function leave(own: Set<string>, all: Map<string, Set<Client>>, client: Client, name: string): boolean {
  if (!own.delete(name)) return false;
  const subs = all.get(name);
  if (subs) {
    subs.delete(client);
    if (subs.size === 0) all.delete(name);
  }
  return true;
}
