import { ReplyParser, RequestParser, type RespValue } from '@understudy/resp';
import { FakeClock } from '../../src/clock.js';
import { ConfigStore } from '../../src/config/config-store.js';
import type { Client } from '../../src/server/client.js';
import { NodeServer } from '../../src/server/node-server.js';

/**
 * A node without sockets, on a fake clock: commands go straight to the dispatcher through an internal
 * client. For tests of decisions that depend on time (expiry) or need many quick runs (log replay).
 */
export interface InProcessNode {
  node: NodeServer;
  clock: FakeClock;
  client: Client;
  /** Runs one command and returns its decoded reply. */
  exec(...args: (string | number)[]): RespValue;
  /** Runs one command and returns its reply simplified to JS values (strings, numbers, arrays, null). */
  call(...args: (string | number)[]): unknown;
}

export function createInProcessNode(config: [string, string][] = [], clock = new FakeClock()): InProcessNode {
  const store = new ConfigStore({ tls: false });
  if (config.length > 0) {
    const failure = store.set(config);
    if (failure) throw new Error(failure);
  }
  const node = new NodeServer(store, clock);
  const client = node.createClient(null);
  const parser = new ReplyParser();
  const exec = (...args: (string | number)[]): RespValue => {
    node.dispatcher.execute(client, args.map(String));
    for (const chunk of client.reply.take()) parser.feed(chunk);
    const reply = parser.next();
    if (reply === undefined) throw new Error(`no reply to ${args.join(' ')}`);
    return reply;
  };
  return { node, clock, client, exec, call: (...args) => simplify(exec(...args)) };
}

export function simplify(value: RespValue): unknown {
  switch (value.type) {
    case 'simple':
    case 'bignum':
      return value.value;
    case 'error':
      return new Error(value.value);
    case 'integer':
      return Number(value.value);
    case 'bulk':
    case 'verbatim':
      return value.value.toString('latin1');
    case 'null':
      return null;
    case 'double':
    case 'boolean':
      return value.value;
    case 'array':
    case 'set':
    case 'push':
      return value.items.map(simplify);
    case 'map':
    case 'attribute':
      return value.entries.map(([k, v]) => [simplify(k), simplify(v)]);
  }
}

/** The effect log so far as commands, without the SELECTs. */
export function loggedEffects(node: NodeServer): string[][] {
  const parser = new RequestParser({ maxBulkLen: Number.MAX_SAFE_INTEGER });
  parser.feed(node.log.backlog.readFrom(node.log.backlog.firstOffset) ?? Buffer.alloc(0));
  const out: string[][] = [];
  for (let args = parser.next(); args !== null; args = parser.next()) if (args[0] !== 'SELECT') out.push(args);
  return out;
}

/**
 * Records the keyspace events commands announce from now on, as "event:key". Key misses and 'new' (announced
 * by the store for every created key, tested on its own) are left out.
 */
export function recordEvents(node: NodeServer): string[] {
  const seen: string[] = [];
  const original = node.notify.bind(node);
  node.notify = (type, event, key, db) => {
    if (event !== 'keymiss' && event !== 'new') seen.push(`${event}:${key}`);
    original(type, event, key, db);
  };
  return seen;
}
